// DigestTests: being written.
