// Digest: being written.
