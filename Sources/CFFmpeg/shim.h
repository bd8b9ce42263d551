#ifndef RECGATE_CFFMPEG_SHIM_H
#define RECGATE_CFFMPEG_SHIM_H
// FFmpeg 5.1 (Debian 12). AVERROR and friends are function-like macros Swift does not import:
// they are exposed as static-inline functions here, in one place.
#include <errno.h>
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libavutil/avutil.h>
#include <libavutil/error.h>
#include <libswscale/swscale.h>
#include <libswresample/swresample.h>

static inline int recgate_averror(int e) { return AVERROR(e); }
static inline int recgate_averror_eof(void) { return AVERROR_EOF; }
static inline int recgate_averror_invaliddata(void) { return AVERROR_INVALIDDATA; }
static inline unsigned recgate_version_major(unsigned v) { return AV_VERSION_MAJOR(v); }
static inline unsigned recgate_version_minor(unsigned v) { return AV_VERSION_MINOR(v); }
static inline unsigned recgate_version_micro(unsigned v) { return AV_VERSION_MICRO(v); }
#endif
