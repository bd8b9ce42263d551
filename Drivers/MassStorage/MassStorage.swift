// MassStorage: being written.
