// EvidenceTests: being written.
