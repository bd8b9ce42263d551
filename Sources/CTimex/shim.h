#ifndef RECGATE_CTIMEX_SHIM_H
#define RECGATE_CTIMEX_SHIM_H

// The kernel's clock discipline, read only: Glibc's Swift module leaves <sys/timex.h> out.
#include <errno.h>
#include <sys/timex.h>

/// Reads the kernel's NTP state without changing it (modes 0). Returns ntp_adjtime's clock state
/// (TIME_OK … TIME_ERROR), or -1 with the errno in *error.
static inline int recgate_clock_state(int *status, long *maxerror, long *esterror, int *error) {
    struct timex t = {0};
    int state = ntp_adjtime(&t);
    if (state < 0) {
        *error = errno;
        return -1;
    }
    *status = t.status;
    *maxerror = t.maxerror;
    *esterror = t.esterror;
    *error = 0;
    return state;
}

static const int recgate_sta_unsync = STA_UNSYNC;
static const int recgate_time_error = TIME_ERROR;

#endif
