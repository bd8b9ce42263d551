#ifndef RECGATE_CUMOCKDEV_SHIM_H
#define RECGATE_CUMOCKDEV_SHIM_H
// umockdev (test support only) and the usbdevfs ioctl interface it emulates.
// The ioctl numbers and struct usbdevfs_urb handling are macros and layouts: kept here, in C.
#include <umockdev.h>
#include <sys/ioctl.h>
#include <linux/ioctl.h>
#include <linux/usbdevice_fs.h>
#include <errno.h>
#include <stddef.h>
#include <string.h>

static inline unsigned long recgate_usbdevfs_submiturb(void) { return USBDEVFS_SUBMITURB; }
static inline unsigned long recgate_usbdevfs_reapurb(void) { return USBDEVFS_REAPURB; }
static inline unsigned long recgate_usbdevfs_reapurbndelay(void) { return USBDEVFS_REAPURBNDELAY; }
static inline unsigned long recgate_usbdevfs_discardurb(void) { return USBDEVFS_DISCARDURB; }
static inline unsigned long recgate_usbdevfs_claiminterface(void) { return USBDEVFS_CLAIMINTERFACE; }
static inline unsigned long recgate_usbdevfs_releaseinterface(void) { return USBDEVFS_RELEASEINTERFACE; }
static inline unsigned long recgate_usbdevfs_get_capabilities(void) { return USBDEVFS_GET_CAPABILITIES; }
static inline unsigned long recgate_usbdevfs_getdriver(void) { return USBDEVFS_GETDRIVER; }
static inline unsigned long recgate_usbdevfs_ioctl(void) { return USBDEVFS_IOCTL; }
static inline unsigned long recgate_usbdevfs_disconnect(void) { return USBDEVFS_DISCONNECT; }
static inline unsigned long recgate_usbdevfs_connect(void) { return USBDEVFS_CONNECT; }
static inline unsigned long recgate_usbdevfs_setinterface(void) { return USBDEVFS_SETINTERFACE; }
static inline unsigned long recgate_usbdevfs_setconfiguration(void) { return USBDEVFS_SETCONFIGURATION; }
static inline unsigned long recgate_usbdevfs_clear_halt(void) { return USBDEVFS_CLEAR_HALT; }
static inline unsigned long recgate_usbdevfs_reset(void) { return USBDEVFS_RESET; }
static inline unsigned long recgate_usbdevfs_resetep(void) { return USBDEVFS_RESETEP; }
static inline unsigned long recgate_usbdevfs_disconnect_claim(void) { return USBDEVFS_DISCONNECT_CLAIM; }

static inline unsigned char recgate_urb_type_iso(void) { return USBDEVFS_URB_TYPE_ISO; }
static inline unsigned char recgate_urb_type_interrupt(void) { return USBDEVFS_URB_TYPE_INTERRUPT; }
static inline unsigned char recgate_urb_type_control(void) { return USBDEVFS_URB_TYPE_CONTROL; }
static inline unsigned char recgate_urb_type_bulk(void) { return USBDEVFS_URB_TYPE_BULK; }

/// What libusb announces it can rely on: one URB per transfer, any size.
static inline unsigned int recgate_usbdevfs_capabilities(void) {
    return USBDEVFS_CAP_BULK_CONTINUATION | USBDEVFS_CAP_NO_PACKET_SIZE_LIM | USBDEVFS_CAP_ZERO_PACKET
        | USBDEVFS_CAP_REAP_AFTER_DISCONNECT;
}

/// The fields of a submitted URB the device model needs.
typedef struct {
    unsigned char type;
    unsigned char endpoint;
    int buffer_length;
    unsigned char *buffer;      // local copy of the client's buffer (NULL when empty)
    unsigned long client_addr;  // the URB's address in the client, as DISCARDURB names it
} recgate_urb;

/// Resolves a SUBMITURB argument: the URB and its buffer, as local copies umockdev writes back when a
/// later ioctl that points at them (REAPURB) completes. Returns a new reference to the URB data, or NULL.
static inline UMockdevIoctlData *recgate_urb_resolve(UMockdevIoctlData *arg, recgate_urb *out) {
    UMockdevIoctlData *urb_data = umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_urb), NULL);
    if (urb_data == NULL) return NULL;
    struct usbdevfs_urb *urb = (struct usbdevfs_urb *) urb_data->data;
    out->type = urb->type;
    out->endpoint = urb->endpoint;
    out->buffer_length = urb->buffer_length;
    out->buffer = NULL;
    out->client_addr = urb_data->client_addr;
    if (urb->buffer_length > 0 && urb->buffer != NULL) {
        // The parent keeps the child; its pointer field now points at the local copy.
        UMockdevIoctlData *buffer = umockdev_ioctl_data_resolve(urb_data, offsetof(struct usbdevfs_urb, buffer),
                                                                urb->buffer_length, NULL);
        if (buffer == NULL) { umockdev_ioctl_data_unref(urb_data); return NULL; }
        umockdev_ioctl_data_unref(buffer);
        out->buffer = urb->buffer;
    }
    return urb_data;
}

/// Fills in a URB's outcome: `status` is 0 or a negative errno; `actual_length` counts data bytes
/// (for control URBs the 8-byte setup packet is not counted). `data` goes to `offset` in the buffer.
static inline void recgate_urb_complete(UMockdevIoctlData *urb_data, int status, int offset,
                                        const unsigned char *data, int length) {
    struct usbdevfs_urb *urb = (struct usbdevfs_urb *) urb_data->data;
    if (data != NULL && length > 0 && urb->buffer != NULL && offset + length <= urb->buffer_length)
        memcpy(urb->buffer + offset, data, (size_t) length);
    urb->status = status;
    urb->actual_length = length;
}

/// Answers REAPURB/REAPURBNDELAY with `urb_data` (the client gets its own URB pointer back).
static inline void recgate_reap_answer(UMockdevIoctlClient *client, UMockdevIoctlData *arg,
                                       UMockdevIoctlData *urb_data) {
    UMockdevIoctlData *slot = umockdev_ioctl_data_resolve(arg, 0, sizeof(void *), NULL);
    umockdev_ioctl_data_set_ptr(slot, 0, urb_data);
    umockdev_ioctl_client_complete(client, 0, 0);
    umockdev_ioctl_data_unref(slot);
}

/// The pointer value an ioctl was called with (DISCARDURB passes the URB's address).
static inline unsigned long recgate_ioctl_arg_pointer(UMockdevIoctlData *arg) {
    return (unsigned long) *(void **) arg->data;
}

/// Reads the 32-bit value the argument points to (CLEAR_HALT's endpoint); 0 when it cannot be read.
static inline unsigned int recgate_ioctl_read_u32(UMockdevIoctlData *arg) {
    unsigned int value = 0;
    UMockdevIoctlData *d = umockdev_ioctl_data_resolve(arg, 0, sizeof(unsigned int), NULL);
    if (d == NULL) return 0;
    memcpy(&value, d->data, sizeof value);
    umockdev_ioctl_data_unref(d);
    return value;
}

/// Writes a 32-bit value the argument points to (GET_CAPABILITIES).
static inline void recgate_ioctl_write_u32(UMockdevIoctlData *arg, unsigned int value) {
    UMockdevIoctlData *d = umockdev_ioctl_data_resolve(arg, 0, sizeof(unsigned int), NULL);
    if (d == NULL) return;
    memcpy(d->data, &value, sizeof value);
    umockdev_ioctl_data_unref(d);
}

typedef gboolean (*recgate_ioctl_handler)(UMockdevIoctlBase *handler, UMockdevIoctlClient *client, gpointer user);

static inline gulong recgate_connect_handle_ioctl(UMockdevIoctlBase *handler, recgate_ioctl_handler callback,
                                                  gpointer user) {
    return g_signal_connect_after(handler, "handle-ioctl", G_CALLBACK(callback), user);
}

static inline void recgate_gobject_unref(gpointer object) { g_object_unref(object); }
static inline void recgate_gobject_ref(gpointer object) { g_object_ref(object); }

static inline int recgate_enodev(void) { return ENODEV; }
static inline int recgate_epipe(void) { return EPIPE; }
static inline int recgate_eagain(void) { return EAGAIN; }
static inline int recgate_enoent(void) { return ENOENT; }
static inline int recgate_einval(void) { return EINVAL; }
static inline int recgate_enodata(void) { return ENODATA; }
static inline int recgate_eoverflow(void) { return EOVERFLOW; }
#endif
