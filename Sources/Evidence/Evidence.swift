// Evidence: being written.
