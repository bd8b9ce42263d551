// MediaProbes: being written.
