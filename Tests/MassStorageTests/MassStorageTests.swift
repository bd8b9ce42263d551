// MassStorageTests: being written.
