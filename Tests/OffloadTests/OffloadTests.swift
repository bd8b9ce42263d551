// OffloadTests: being written.
