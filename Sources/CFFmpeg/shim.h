#ifndef RECGATE_CFFMPEG_SHIM_H
#define RECGATE_CFFMPEG_SHIM_H
// FFmpeg 5.1 (Debian 12). AVERROR and friends are function-like macros Swift does not import:
// they are exposed as static-inline functions here, in one place.
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libavutil/avutil.h>
#include <libavutil/channel_layout.h>
#include <libavutil/display.h>
#include <libavutil/error.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
#include <libavutil/samplefmt.h>
#include <libswscale/swscale.h>
#include <libswresample/swresample.h>

static inline int recgate_averror(int e) { return AVERROR(e); }
static inline int recgate_averror_eof(void) { return AVERROR_EOF; }
static inline int recgate_averror_invaliddata(void) { return AVERROR_INVALIDDATA; }
static inline int recgate_averror_bsf_not_found(void) { return AVERROR_BSF_NOT_FOUND; }
static inline int recgate_averror_bug(void) { return AVERROR_BUG; }
static inline int recgate_averror_buffer_too_small(void) { return AVERROR_BUFFER_TOO_SMALL; }
static inline int recgate_averror_decoder_not_found(void) { return AVERROR_DECODER_NOT_FOUND; }
static inline int recgate_averror_demuxer_not_found(void) { return AVERROR_DEMUXER_NOT_FOUND; }
static inline int recgate_averror_encoder_not_found(void) { return AVERROR_ENCODER_NOT_FOUND; }
static inline int recgate_averror_exit(void) { return AVERROR_EXIT; }
static inline int recgate_averror_external(void) { return AVERROR_EXTERNAL; }
static inline int recgate_averror_filter_not_found(void) { return AVERROR_FILTER_NOT_FOUND; }
static inline int recgate_averror_muxer_not_found(void) { return AVERROR_MUXER_NOT_FOUND; }
static inline int recgate_averror_option_not_found(void) { return AVERROR_OPTION_NOT_FOUND; }
static inline int recgate_averror_patchwelcome(void) { return AVERROR_PATCHWELCOME; }
static inline int recgate_averror_protocol_not_found(void) { return AVERROR_PROTOCOL_NOT_FOUND; }
static inline int recgate_averror_stream_not_found(void) { return AVERROR_STREAM_NOT_FOUND; }
static inline int recgate_averror_unknown(void) { return AVERROR_UNKNOWN; }

static inline unsigned recgate_version_major(unsigned v) { return AV_VERSION_MAJOR(v); }
static inline unsigned recgate_version_minor(unsigned v) { return AV_VERSION_MINOR(v); }
static inline unsigned recgate_version_micro(unsigned v) { return AV_VERSION_MICRO(v); }

// AV_NOPTS_VALUE is a cast expression, which Swift does not import.
static inline int64_t recgate_nopts_value(void) { return AV_NOPTS_VALUE; }

// The display matrix of a stream (FFmpeg 5.1 keeps it as stream side data), or NULL.
static inline const int32_t *recgate_stream_display_matrix(const AVStream *stream) {
    size_t size = 0;
    const uint8_t *data = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, &size);
    return (data != NULL && size >= 9 * sizeof(int32_t)) ? (const int32_t *)data : NULL;
}

// Whether a decoded frame carries a decoder's own report of damage (concealed errors, missing
// references) or the demuxer's "corrupt" flag.
static inline int recgate_frame_is_damaged(const AVFrame *frame) {
    return frame->decode_error_flags != 0 || (frame->flags & AV_FRAME_FLAG_CORRUPT) != 0;
}

// ---- FFmpeg's log, routed to Swift ----
//
// av_log_set_callback takes a C function with a va_list, which Swift cannot format portably. The
// callback below filters by av_log_get_level(), formats the message with vsnprintf, and hands the
// finished text with its level and the logging component's name (the AVClass item name, e.g.
// "mov,mp4,m4a,3gp,3g2,mj2" or "h264") to a sink that Swift provides as a @convention(c) function.
//
// The sink pointer is a weak symbol rather than a static: this header is compiled into every Swift
// file that calls recgate_log_install, and a weak definition makes those copies one variable. It is
// written and read with atomic builtins because FFmpeg logs from its worker threads.
typedef void (*recgate_log_sink)(int level, const char *component, const char *message);

__attribute__((weak)) recgate_log_sink recgate_log_sink_target = NULL;

static void recgate_log_callback(void *avcl, int level, const char *fmt, va_list args) {
    if (level > av_log_get_level()) return;
    recgate_log_sink sink = __atomic_load_n(&recgate_log_sink_target, __ATOMIC_ACQUIRE);
    if (sink == NULL) return;
    char message[2048];
    va_list copy;
    va_copy(copy, args);
    int written = vsnprintf(message, sizeof message, fmt, copy);
    va_end(copy);
    if (written < 0) return;
    const char *component = NULL;
    const AVClass *cls = avcl != NULL ? *(const AVClass *const *)avcl : NULL;
    if (cls != NULL && cls->item_name != NULL) component = cls->item_name(avcl);
    sink(level, component, message);
}

// Routes FFmpeg's log to `sink`, or back to FFmpeg's own stderr printer when `sink` is NULL.
static inline void recgate_log_install(recgate_log_sink sink) {
    __atomic_store_n(&recgate_log_sink_target, sink, __ATOMIC_RELEASE);
    av_log_set_callback(sink != NULL ? recgate_log_callback : av_log_default_callback);
}

#endif
