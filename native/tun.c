/*
 * The system calls Node cannot make, as a plain N-API addon (node_api.h
 * ships with Node's headers; no npm package is needed):
 *
 *   unshareNetwork()  unshare(CLONE_NEWNET): the calling thread, Node's main
 *                     thread, moves into a new network namespace of its own.
 *                     Sockets it opens and processes it spawns live there;
 *                     the namespace goes away with the process.
 *   openTun(name)     open /dev/net/tun and attach it with TUNSETIFF
 *                     (IFF_TUN | IFF_NO_PI | IFF_VNET_HDR: IPv4 packets with
 *                     no packet-info header, each behind a struct
 *                     virtio_net_hdr), non-blocking, with the offloads of
 *                     packetdrill's device (netdev.c, set_device_offload_flags:
 *                     TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6 | TUN_F_TSO_ECN),
 *                     so that the kernel hands over a TSO/GSO packet whole, as
 *                     packetdrill's packet socket sees it, instead of cutting it
 *                     into MSS-sized segments first. Returns
 *                     { fd, name }.
 *   shutdownWrite(fd) shutdown(fd, SHUT_WR): RFC 9293's CLOSE on a socket, at
 *                     once (Node's end() waits until connect() completes).
 *   lingerZero(fd)    SO_LINGER {1, 0}: the next close() is an ABORT (a RST
 *                     where RFC 9293 §3.10.5 sends one); Node's
 *                     resetAndDestroy() also waits for connect().
 *   setCongestionControl(fd, name)
 *                     setsockopt(TCP_CONGESTION): the socket's algorithm, for
 *                     when the namespace cannot make it the default (only the
 *                     initial namespace may choose one outside
 *                     tcp_allowed_congestion_control; a socket may, with
 *                     CAP_NET_ADMIN).
 *   tcpInfo(fd)       getsockopt(TCP_INFO): the fields a script's
 *                     `%{ assert tcpi_* }%` reads (src/pkt/tcpInfo.ts), by
 *                     their names in struct tcp_info.
 *
 * And, from native/socket.c, the socket calls of a packetdrill script played
 * against the kernel (socketOpen, setIntOption, getFlags, …).
 *
 * Everything else (addresses, reading and writing packets) is TypeScript.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <linux/virtio_net.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <node_api.h>
#include "socket.h"
#include <stddef.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

napi_value throw_errno(napi_env env, const char *call, int error) {
  char message[160];
  snprintf(message, sizeof message, "%s: %s", call, strerror(error));
  napi_value code, text, exception;
  napi_create_string_utf8(env, strerrorname_np(error) ? strerrorname_np(error) : "EUNKNOWN", NAPI_AUTO_LENGTH, &code);
  napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &text);
  napi_create_error(env, code, text, &exception);
  napi_throw(env, exception);
  return NULL;
}

static napi_value unshare_network(napi_env env, napi_callback_info info) {
  (void)info;
  if (unshare(CLONE_NEWNET) != 0) return throw_errno(env, "unshare(CLONE_NEWNET)", errno);
  napi_value undefined;
  napi_get_undefined(env, &undefined);
  return undefined;
}

static napi_value open_tun(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  struct ifreq ifr;
  memset(&ifr, 0, sizeof ifr);
  ifr.ifr_flags = IFF_TUN | IFF_NO_PI | IFF_VNET_HDR;
  if (argc >= 1) {
    size_t length = 0;
    if (napi_get_value_string_utf8(env, argv[0], ifr.ifr_name, IFNAMSIZ, &length) != napi_ok) {
      napi_throw_type_error(env, NULL, "openTun(name): name must be a string");
      return NULL;
    }
  }
  int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return throw_errno(env, "open(/dev/net/tun)", errno);
  if (ioctl(fd, TUNSETIFF, &ifr) != 0) {
    int error = errno;
    close(fd);
    return throw_errno(env, "ioctl(TUNSETIFF)", error);
  }
  /* Without TUN_F_CSUM the kernel refuses the TSO flags (a device cannot
   * segment what it cannot checksum); with it, packets come with the TCP
   * checksum left to the device (VIRTIO_NET_HDR_F_NEEDS_CSUM), which
   * src/linux/tunDevice.ts completes. */
  const unsigned offloads = TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6 | TUN_F_TSO_ECN;
  if (ioctl(fd, TUNSETOFFLOAD, offloads) != 0) {
    int error = errno;
    close(fd);
    return throw_errno(env, "ioctl(TUNSETOFFLOAD)", error);
  }
  /* The header is the 10-octet struct virtio_net_hdr (the kernel's default;
   * set here so that tunDevice.ts's VNET_HEADER_LENGTH is never a guess). */
  int vnet_header_length = sizeof(struct virtio_net_hdr);
  if (ioctl(fd, TUNSETVNETHDRSZ, &vnet_header_length) != 0) {
    int error = errno;
    close(fd);
    return throw_errno(env, "ioctl(TUNSETVNETHDRSZ)", error);
  }
  napi_value result, fd_value, name_value;
  napi_create_object(env, &result);
  napi_create_int32(env, fd, &fd_value);
  napi_create_string_utf8(env, ifr.ifr_name, NAPI_AUTO_LENGTH, &name_value);
  napi_set_named_property(env, result, "fd", fd_value);
  napi_set_named_property(env, result, "name", name_value);
  return result;
}

static int fd_argument(napi_env env, napi_callback_info info, int32_t *fd) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || napi_get_value_int32(env, argv[0], fd) != napi_ok) {
    napi_throw_type_error(env, NULL, "expected a file descriptor");
    return 0;
  }
  return 1;
}

static napi_value shutdown_write(napi_env env, napi_callback_info info) {
  int32_t fd;
  if (!fd_argument(env, info, &fd)) return NULL;
  if (shutdown(fd, SHUT_WR) != 0) return throw_errno(env, "shutdown(SHUT_WR)", errno);
  napi_value undefined;
  napi_get_undefined(env, &undefined);
  return undefined;
}

static napi_value linger_zero(napi_env env, napi_callback_info info) {
  int32_t fd;
  if (!fd_argument(env, info, &fd)) return NULL;
  struct linger linger = {.l_onoff = 1, .l_linger = 0};
  if (setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, sizeof linger) != 0) {
    return throw_errno(env, "setsockopt(SO_LINGER)", errno);
  }
  napi_value undefined;
  napi_get_undefined(env, &undefined);
  return undefined;
}

static napi_value set_congestion_control(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t fd;
  char name[32]; /* TCP_CA_NAME_MAX is 16 */
  size_t length = 0;
  if (argc < 2 || napi_get_value_int32(env, argv[0], &fd) != napi_ok ||
      napi_get_value_string_utf8(env, argv[1], name, sizeof name, &length) != napi_ok) {
    napi_throw_type_error(env, NULL, "setCongestionControl(fd, name): a file descriptor and a string");
    return NULL;
  }
  if (setsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, name, length) != 0) {
    return throw_errno(env, "setsockopt(TCP_CONGESTION)", errno);
  }
  napi_value undefined;
  napi_get_undefined(env, &undefined);
  return undefined;
}

static void set_u32(napi_env env, napi_value object, const char *name, uint32_t value) {
  napi_value number;
  napi_create_uint32(env, value, &number);
  napi_set_named_property(env, object, name, number);
}

/* A 64-bit counter as a JavaScript number: exact up to 2^53 (285 years of µs). */
static void set_u64(napi_env env, napi_value object, const char *name, uint64_t value) {
  napi_value number;
  napi_create_double(env, (double)value, &number);
  napi_set_named_property(env, object, name, number);
}

static napi_value tcp_info(napi_env env, napi_callback_info info) {
  int32_t fd;
  if (!fd_argument(env, info, &fd)) return NULL;
  /* Room for a newer kernel's longer struct: it fills what it has and says how much. */
  struct {
    struct tcp_info known;
    uint32_t newer[32];
  } buffer;
  memset(&buffer, 0, sizeof buffer);
  socklen_t length = sizeof buffer;
  if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &buffer, &length) != 0) return throw_errno(env, "getsockopt(TCP_INFO)", errno);
  const struct tcp_info *ti = &buffer.known;
  napi_value result;
  napi_create_object(env, &result);
  set_u32(env, result, "tcpi_state", ti->tcpi_state);
  set_u32(env, result, "tcpi_ca_state", ti->tcpi_ca_state);
  set_u32(env, result, "tcpi_retransmits", ti->tcpi_retransmits);
  set_u32(env, result, "tcpi_backoff", ti->tcpi_backoff);
  set_u32(env, result, "tcpi_options", ti->tcpi_options);
  set_u32(env, result, "tcpi_rto", ti->tcpi_rto);
  set_u32(env, result, "tcpi_snd_mss", ti->tcpi_snd_mss);
  set_u32(env, result, "tcpi_advmss", ti->tcpi_advmss);
  set_u32(env, result, "tcpi_unacked", ti->tcpi_unacked);
  set_u32(env, result, "tcpi_rtt", ti->tcpi_rtt);
  set_u32(env, result, "tcpi_rttvar", ti->tcpi_rttvar);
  /* The congestion and loss counters google/packetdrill's gtests assert on; in struct tcp_info since Linux 2.6. */
  set_u32(env, result, "tcpi_probes", ti->tcpi_probes);
  set_u32(env, result, "tcpi_rcv_mss", ti->tcpi_rcv_mss);
  set_u32(env, result, "tcpi_sacked", ti->tcpi_sacked);
  set_u32(env, result, "tcpi_lost", ti->tcpi_lost);
  set_u32(env, result, "tcpi_retrans", ti->tcpi_retrans);
  set_u32(env, result, "tcpi_last_data_recv", ti->tcpi_last_data_recv);
  set_u32(env, result, "tcpi_snd_ssthresh", ti->tcpi_snd_ssthresh);
  set_u32(env, result, "tcpi_snd_cwnd", ti->tcpi_snd_cwnd);
  set_u32(env, result, "tcpi_reordering", ti->tcpi_reordering);
  set_u32(env, result, "tcpi_total_retrans", ti->tcpi_total_retrans);
  /* The chronograph times of Linux 4.10 (tcp_chrono_*), in µs, which tcp_info/ scripts of packetdrill assert on. */
  if (length >= offsetof(struct tcp_info, tcpi_sndbuf_limited) + sizeof(uint64_t)) {
    set_u64(env, result, "tcpi_busy_time", ti->tcpi_busy_time);
    set_u64(env, result, "tcpi_rwnd_limited", ti->tcpi_rwnd_limited);
    set_u64(env, result, "tcpi_sndbuf_limited", ti->tcpi_sndbuf_limited);
  }
  const size_t snd_wnd = offsetof(struct tcp_info, tcpi_snd_wnd);
  if (length >= snd_wnd + sizeof(uint32_t)) set_u32(env, result, "tcpi_snd_wnd", ti->tcpi_snd_wnd);
  /* tcpi_rcv_wnd follows tcpi_snd_wnd in include/uapi/linux/tcp.h since Linux 6.7; older headers end before it. */
  if (length >= snd_wnd + 2 * sizeof(uint32_t)) {
    uint32_t rcv_wnd;
    memcpy(&rcv_wnd, (const char *)&buffer + snd_wnd + sizeof(uint32_t), sizeof rcv_wnd);
    set_u32(env, result, "tcpi_rcv_wnd", rcv_wnd);
  }
  return result;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "unshareNetwork", NAPI_AUTO_LENGTH, unshare_network, NULL, &fn);
  napi_set_named_property(env, exports, "unshareNetwork", fn);
  napi_create_function(env, "openTun", NAPI_AUTO_LENGTH, open_tun, NULL, &fn);
  napi_set_named_property(env, exports, "openTun", fn);
  napi_create_function(env, "shutdownWrite", NAPI_AUTO_LENGTH, shutdown_write, NULL, &fn);
  napi_set_named_property(env, exports, "shutdownWrite", fn);
  napi_create_function(env, "lingerZero", NAPI_AUTO_LENGTH, linger_zero, NULL, &fn);
  napi_set_named_property(env, exports, "lingerZero", fn);
  napi_create_function(env, "setCongestionControl", NAPI_AUTO_LENGTH, set_congestion_control, NULL, &fn);
  napi_set_named_property(env, exports, "setCongestionControl", fn);
  napi_create_function(env, "tcpInfo", NAPI_AUTO_LENGTH, tcp_info, NULL, &fn);
  napi_set_named_property(env, exports, "tcpInfo", fn);
  register_socket_calls(env, exports);
  return exports;
}
