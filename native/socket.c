/*
 * The socket calls of a packetdrill script, made on a kernel socket the
 * Linux runner (src/linux/kernelSocket.ts) owns from socket() to close(), as
 * packetdrill's run_system_call.c makes them: socket options and fcntl flags
 * reach the kernel's socket itself, before connect or listen if the script
 * sets them there.
 *
 * No call here ever blocks Node's thread, whatever the socket's O_NONBLOCK
 * (which stays the script's, so that F_GETFL reads what the script set):
 * send and recv take MSG_DONTWAIT; connect and accept set O_NONBLOCK for the
 * one call and put the flags back. A call that would block throws EAGAIN
 * (EINPROGRESS for connect), and the runner, which knows whether the script's
 * call blocks, tries again later (its "syscall thread").
 *
 *   socketOpen(nonblocking)           socket(AF_INET, SOCK_STREAM[|SOCK_NONBLOCK], IPPROTO_TCP) → fd
 *   socketBind(fd, address, port)     bind(2) to an IPv4 address
 *   socketListen(fd, backlog)         listen(2)
 *   socketConnect(fd, address, port)  connect(2), without waiting (EINPROGRESS)
 *   socketAccept(fd)                  accept4(2) → fd, without waiting (EAGAIN)
 *   socketSend(fd, length, flags[, nullBuffer])
 *                                     send(2) of `length` zero octets → octets taken
 *   socketRecv(fd, length, flags[, nullBuffer])
 *                                     recv(2) of at most `length` octets → octets read
 *                                     (nullBuffer 1: the kernel gets packetdrill's NULL, a buffer
 *                                     it faults on: EFAULT where its copy would fault)
 *   socketIoctlInt(fd, request)       ioctl(2) whose argument is an int (SIOCINQ, SIOCOUTQ) → the int
 *   socketShutdown(fd, how)           shutdown(2)
 *   socketClose(fd)                   close(2)
 *   socketPollEvents(fd)              poll(2) with no wait → revents (POLLOUT: a connect has completed)
 *   setIntOption(fd, level, name, value), getIntOption(fd, level, name)
 *                                     setsockopt/getsockopt of an int option
 *   setLinger(fd, onoff, linger), getLinger(fd) → { onoff, linger }
 *   getFlags(fd), setFlags(fd, flags) fcntl(F_GETFL), fcntl(F_SETFL)
 *
 * Every failure throws an Error whose `code` is the errno's name.
 */
#define _GNU_SOURCE
#include "socket.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

/* The most octets one send/recv moves: src/pkt's MAX_IO_BYTES, which the parser holds scripts to. */
#define MAX_IO_BYTES (16 * 1024 * 1024)

/* `count` integer arguments, then up to `optional` more where given (the caller zeroes their slots). */
static int some_int_arguments(napi_env env, napi_callback_info info, size_t count, size_t optional, int32_t *values,
                              const char *usage) {
  napi_value argv[4];
  size_t argc = 4;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < count) goto bad;
  for (size_t i = 0; i < count + optional && i < argc; i++) {
    if (napi_get_value_int32(env, argv[i], &values[i]) != napi_ok) goto bad;
  }
  return 1;
bad:
  napi_throw_type_error(env, NULL, usage);
  return 0;
}

static int int_arguments(napi_env env, napi_callback_info info, size_t count, int32_t *values, const char *usage) {
  return some_int_arguments(env, info, count, 0, values, usage);
}

static napi_value int_result(napi_env env, int32_t value) {
  napi_value result;
  napi_create_int32(env, value, &result);
  return result;
}

static napi_value nothing(napi_env env) {
  napi_value undefined;
  napi_get_undefined(env, &undefined);
  return undefined;
}

/* (fd, address, port): an IPv4 socket address from its dotted text. */
static int address_arguments(napi_env env, napi_callback_info info, int32_t *fd, struct sockaddr_in *address,
                             const char *usage) {
  napi_value argv[3];
  size_t argc = 3;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  char text[INET_ADDRSTRLEN];
  size_t length = 0;
  int32_t port;
  memset(address, 0, sizeof *address);
  if (argc < 3 || napi_get_value_int32(env, argv[0], fd) != napi_ok ||
      napi_get_value_string_utf8(env, argv[1], text, sizeof text, &length) != napi_ok ||
      napi_get_value_int32(env, argv[2], &port) != napi_ok || port < 0 || port > 65535 ||
      inet_pton(AF_INET, text, &address->sin_addr) != 1) {
    napi_throw_type_error(env, NULL, usage);
    return 0;
  }
  address->sin_family = AF_INET;
  address->sin_port = htons((uint16_t)port);
  return 1;
}

static napi_value socket_open(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  size_t argc = 1;
  bool nonblocking = false;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc >= 1) napi_get_value_bool(env, argv[0], &nonblocking);
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | (nonblocking ? SOCK_NONBLOCK : 0), IPPROTO_TCP);
  if (fd < 0) return throw_errno(env, "socket", errno);
  return int_result(env, fd);
}

static napi_value socket_bind(napi_env env, napi_callback_info info) {
  int32_t fd;
  struct sockaddr_in address;
  if (!address_arguments(env, info, &fd, &address, "socketBind(fd, address, port)")) return NULL;
  if (bind(fd, (struct sockaddr *)&address, sizeof address) != 0) return throw_errno(env, "bind", errno);
  return nothing(env);
}

static napi_value socket_listen(napi_env env, napi_callback_info info) {
  int32_t values[2];
  if (!int_arguments(env, info, 2, values, "socketListen(fd, backlog): two integers")) return NULL;
  if (listen(values[0], values[1]) != 0) return throw_errno(env, "listen", errno);
  return nothing(env);
}

/* O_NONBLOCK for one call: the call returns at once, and the script's flags stay as they were. */
static int without_waiting_begin(int fd, int *flags) {
  *flags = fcntl(fd, F_GETFL);
  if (*flags < 0) return -1;
  return (*flags & O_NONBLOCK) ? 0 : fcntl(fd, F_SETFL, *flags | O_NONBLOCK);
}

static void without_waiting_end(int fd, int flags) {
  if (!(flags & O_NONBLOCK)) fcntl(fd, F_SETFL, flags);
}

static napi_value socket_connect(napi_env env, napi_callback_info info) {
  int32_t fd;
  struct sockaddr_in address;
  if (!address_arguments(env, info, &fd, &address, "socketConnect(fd, address, port)")) return NULL;
  int flags;
  if (without_waiting_begin(fd, &flags) != 0) return throw_errno(env, "fcntl", errno);
  int status = connect(fd, (struct sockaddr *)&address, sizeof address);
  int error = errno;
  without_waiting_end(fd, flags);
  if (status != 0) return throw_errno(env, "connect", error);
  return nothing(env);
}

static napi_value socket_accept(napi_env env, napi_callback_info info) {
  int32_t fd;
  if (!int_arguments(env, info, 1, &fd, "socketAccept(fd): an integer")) return NULL;
  int flags;
  if (without_waiting_begin(fd, &flags) != 0) return throw_errno(env, "fcntl", errno);
  /* accept(2) on Linux: the new socket does not take the listener's O_NONBLOCK, so it starts blocking. */
  int accepted = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
  int error = errno;
  without_waiting_end(fd, flags);
  if (accepted < 0) return throw_errno(env, "accept", error);
  return int_result(env, accepted);
}

static napi_value socket_send(napi_env env, napi_callback_info info) {
  int32_t values[4] = {0};
  if (!some_int_arguments(env, info, 3, 1, values, "socketSend(fd, length, flags[, nullBuffer]): integers")) return NULL;
  if (values[1] < 0 || values[1] > MAX_IO_BYTES) return throw_errno(env, "send", EINVAL);
  char *buffer = values[3] ? NULL : calloc(1, values[1] > 0 ? (size_t)values[1] : 1);
  if (buffer == NULL && !values[3]) return throw_errno(env, "send", ENOMEM);
  /* MSG_NOSIGNAL: a write after the peer's RST is EPIPE, not a SIGPIPE (Node ignores it too). */
  ssize_t sent = send(values[0], buffer, (size_t)values[1], values[2] | MSG_DONTWAIT | MSG_NOSIGNAL);
  int error = errno;
  free(buffer);
  if (sent < 0) return throw_errno(env, "send", error);
  return int_result(env, (int32_t)sent);
}

static napi_value socket_recv(napi_env env, napi_callback_info info) {
  int32_t values[4] = {0};
  if (!some_int_arguments(env, info, 3, 1, values, "socketRecv(fd, length, flags[, nullBuffer]): integers")) return NULL;
  if (values[1] < 0 || values[1] > MAX_IO_BYTES) return throw_errno(env, "recv", EINVAL);
  char *buffer = values[3] ? NULL : malloc(values[1] > 0 ? (size_t)values[1] : 1);
  if (buffer == NULL && !values[3]) return throw_errno(env, "recv", ENOMEM);
  ssize_t received = recv(values[0], buffer, (size_t)values[1], values[2] | MSG_DONTWAIT);
  int error = errno;
  free(buffer);
  if (received < 0) return throw_errno(env, "recv", error);
  return int_result(env, (int32_t)received);
}

static napi_value socket_ioctl_int(napi_env env, napi_callback_info info) {
  int32_t values[2];
  if (!int_arguments(env, info, 2, values, "socketIoctlInt(fd, request): two integers")) return NULL;
  int value = 0;
  if (ioctl(values[0], (unsigned long)(uint32_t)values[1], &value) != 0) return throw_errno(env, "ioctl", errno);
  return int_result(env, value);
}

static napi_value socket_shutdown(napi_env env, napi_callback_info info) {
  int32_t values[2];
  if (!int_arguments(env, info, 2, values, "socketShutdown(fd, how): two integers")) return NULL;
  if (shutdown(values[0], values[1]) != 0) return throw_errno(env, "shutdown", errno);
  return nothing(env);
}

static napi_value socket_close(napi_env env, napi_callback_info info) {
  int32_t fd;
  if (!int_arguments(env, info, 1, &fd, "socketClose(fd): an integer")) return NULL;
  if (close(fd) != 0) return throw_errno(env, "close", errno);
  return nothing(env);
}

static napi_value socket_poll_events(napi_env env, napi_callback_info info) {
  int32_t fd;
  if (!int_arguments(env, info, 1, &fd, "socketPollEvents(fd): an integer")) return NULL;
  struct pollfd entry = {.fd = fd, .events = POLLIN | POLLOUT | POLLRDHUP};
  if (poll(&entry, 1, 0) < 0) return throw_errno(env, "poll", errno);
  return int_result(env, entry.revents);
}

static napi_value set_int_option(napi_env env, napi_callback_info info) {
  int32_t values[4];
  if (!int_arguments(env, info, 4, values, "setIntOption(fd, level, name, value): four integers")) return NULL;
  if (setsockopt(values[0], values[1], values[2], &values[3], sizeof values[3]) != 0)
    return throw_errno(env, "setsockopt", errno);
  return nothing(env);
}

static napi_value get_int_option(napi_env env, napi_callback_info info) {
  int32_t values[3];
  if (!int_arguments(env, info, 3, values, "getIntOption(fd, level, name): three integers")) return NULL;
  int value = 0;
  socklen_t length = sizeof value;
  if (getsockopt(values[0], values[1], values[2], &value, &length) != 0) return throw_errno(env, "getsockopt", errno);
  return int_result(env, value);
}

static napi_value set_linger(napi_env env, napi_callback_info info) {
  int32_t values[3];
  if (!int_arguments(env, info, 3, values, "setLinger(fd, onoff, linger): three integers")) return NULL;
  struct linger linger = {.l_onoff = values[1], .l_linger = values[2]};
  if (setsockopt(values[0], SOL_SOCKET, SO_LINGER, &linger, sizeof linger) != 0)
    return throw_errno(env, "setsockopt(SO_LINGER)", errno);
  return nothing(env);
}

static napi_value get_linger(napi_env env, napi_callback_info info) {
  int32_t fd;
  if (!int_arguments(env, info, 1, &fd, "getLinger(fd): an integer")) return NULL;
  struct linger linger;
  socklen_t length = sizeof linger;
  if (getsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, &length) != 0) return throw_errno(env, "getsockopt(SO_LINGER)", errno);
  napi_value result;
  napi_create_object(env, &result);
  napi_set_named_property(env, result, "onoff", int_result(env, linger.l_onoff));
  napi_set_named_property(env, result, "linger", int_result(env, linger.l_linger));
  return result;
}

static napi_value get_flags(napi_env env, napi_callback_info info) {
  int32_t fd;
  if (!int_arguments(env, info, 1, &fd, "getFlags(fd): an integer")) return NULL;
  int flags = fcntl(fd, F_GETFL);
  if (flags < 0) return throw_errno(env, "fcntl(F_GETFL)", errno);
  return int_result(env, flags);
}

static napi_value set_flags(napi_env env, napi_callback_info info) {
  int32_t values[2];
  if (!int_arguments(env, info, 2, values, "setFlags(fd, flags): two integers")) return NULL;
  if (fcntl(values[0], F_SETFL, values[1]) != 0) return throw_errno(env, "fcntl(F_SETFL)", errno);
  return nothing(env);
}

void register_socket_calls(napi_env env, napi_value exports) {
  static const struct {
    const char *name;
    napi_callback call;
  } calls[] = {
      {"socketOpen", socket_open},         {"socketBind", socket_bind},
      {"socketListen", socket_listen},     {"socketConnect", socket_connect},
      {"socketAccept", socket_accept},     {"socketSend", socket_send},
      {"socketRecv", socket_recv},         {"socketShutdown", socket_shutdown},
      {"socketClose", socket_close},       {"socketPollEvents", socket_poll_events},
      {"setIntOption", set_int_option},    {"getIntOption", get_int_option},
      {"setLinger", set_linger},           {"getLinger", get_linger},
      {"getFlags", get_flags},             {"setFlags", set_flags},
      {"socketIoctlInt", socket_ioctl_int},
  };
  for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
    napi_value fn;
    napi_create_function(env, calls[i].name, NAPI_AUTO_LENGTH, calls[i].call, NULL, &fn);
    napi_set_named_property(env, exports, calls[i].name, fn);
  }
}
