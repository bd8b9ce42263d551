// TestSupport: being written.
