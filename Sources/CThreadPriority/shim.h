#ifndef RECGATE_CTHREADPRIORITY_SHIM_H
#define RECGATE_CTHREADPRIORITY_SHIM_H
// Linux scheduling calls Swift cannot reach: syscall(2) is variadic, and glibc 2.36 wraps neither
// sched_setattr nor ioprio_set. Each returns -1 with errno set on failure, as the system call does.
// No _GNU_SOURCE here: a header that Glibc's module also includes (sys/resource.h) would be read
// with other definitions than Swift's, which clang refuses. The two constants it would bring are below.
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

/// The calling thread's id (what /proc/self/task/<tid> and the scheduling calls name).
static inline int recgate_gettid(void) { return (int)syscall(SYS_gettid); }

/// struct sched_attr of sched_setattr(2) (its first version, 48 bytes).
struct recgate_sched_attr {
    uint32_t size;
    uint32_t sched_policy;
    uint64_t sched_flags;
    int32_t sched_nice;
    uint32_t sched_priority;
    uint64_t sched_runtime;
    uint64_t sched_deadline;
    uint64_t sched_period;
};

/// SCHED_IDLE for the thread `tid`.
static inline int recgate_sched_set_idle(int tid, int nice) {
    struct recgate_sched_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.size = sizeof attr;
    attr.sched_policy = 5; // SCHED_IDLE (include/uapi/linux/sched.h)
    attr.sched_nice = nice;
    return (int)syscall(SYS_sched_setattr, tid, &attr, 0);
}

/// The nice value of thread `tid` (setpriority(2) names a thread on Linux). sched_setattr keeps the
/// nice value only for SCHED_NORMAL and SCHED_BATCH, so it is set here as well.
static inline int recgate_set_nice(int tid, int nice) { return setpriority(PRIO_PROCESS, (id_t)tid, nice); }

/// ioprio_set(IOPRIO_WHO_PROCESS, tid, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_IDLE, 0)): the thread's I/O is
/// served only when no other I/O wants the disk (see ioprio_set(2); the constants are the kernel's
/// include/uapi/linux/ioprio.h, absent from older headers).
static inline int recgate_ioprio_set_idle(int tid) {
    const int who_process = 1, class_idle = 3, class_shift = 13;
    return (int)syscall(SYS_ioprio_set, who_process, tid, class_idle << class_shift);
}

/// The number of CPUs the calling thread may run on (its affinity mask, which `taskset` and container
/// cpusets narrow), at least 1; the raw system call, since the glibc wrapper needs _GNU_SOURCE.
static inline int recgate_available_cpus(void) {
    uint64_t mask[16];
    memset(mask, 0, sizeof mask);
    long bytes = syscall(SYS_sched_getaffinity, 0, sizeof mask, mask);
    if (bytes <= 0) return 1;
    int count = 0;
    for (long word = 0; word < bytes / 8; word++) count += __builtin_popcountll(mask[word]);
    return count > 0 ? count : 1;
}

#endif
