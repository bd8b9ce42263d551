// libFuzzer's driver, when it is linked in (`make fuzz` links it; a plain `swift build` does not).
// The reference is weak, so one recgate-fuzz source builds both ways: without libFuzzer the symbol is null
// and the program replays inputs instead of fuzzing.
#include <stddef.h>
#include <stdint.h>

typedef int (*recgate_fuzz_callback)(const uint8_t *data, size_t size);

extern int LLVMFuzzerRunDriver(int *argc, char ***argv, recgate_fuzz_callback callback) __attribute__((weak));

static inline int recgate_fuzzer_linked(void) { return LLVMFuzzerRunDriver != 0; }

static inline int recgate_run_fuzzer(int *argc, char ***argv, recgate_fuzz_callback callback) {
    return LLVMFuzzerRunDriver(argc, argv, callback);
}
