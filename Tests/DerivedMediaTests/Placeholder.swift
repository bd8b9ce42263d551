// DerivedMediaTests: being written.
