#ifndef RECGATE_CLIBUSB_SHIM_H
#define RECGATE_CLIBUSB_SHIM_H
// libusb-1.0, as Debian installs it. Macros that Swift cannot import get static-inline wrappers here.
#include <libusb-1.0/libusb.h>

static inline const char *recgate_libusb_version_string(void) {
    static char text[32];
    const struct libusb_version *v = libusb_get_version();
    // Formatting here keeps the Swift side free of C string juggling for a one-off value.
    __builtin_snprintf(text, sizeof text, "%u.%u.%u", v->major, v->minor, v->micro);
    return text;
}
/// The BOS descriptor's capability list is a flexible array member, which Swift does not import.
static inline struct libusb_bos_dev_capability_descriptor *
recgate_bos_capability(const struct libusb_bos_descriptor *bos, uint8_t index) {
    return index < bos->bNumDeviceCaps ? bos->dev_capability[index] : (void *) 0;
}
#endif
