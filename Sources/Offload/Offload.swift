// Offload: being written.
