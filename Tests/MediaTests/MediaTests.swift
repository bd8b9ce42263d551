// MediaTests: being written.
