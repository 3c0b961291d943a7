/*
 * lwIP's raw TCP API (Debian's liblwip 2.1.3), in this process, as a plain
 * N-API addon: one connection at a time, for the path tests (src/lwip).
 *
 * lwIP runs single-threaded and deterministic here: lwip_init() (no
 * tcpip_init(), so no thread and no core lock to take), one netif whose
 * output copies every IPv4 packet into an outbox that JavaScript drains, and
 * ip4_input() for the packets JavaScript injects. Time is what JavaScript
 * says it is: tick() is one call of tcp_tmr(), lwIP's 250 ms TCP timer
 * (TCP_TMR_INTERVAL; every second call runs tcp_slowtmr, whose 500 ms ticks
 * count RTO, 2MSL and the retry limits). The raw TCP API reads no other
 * clock (sys_now() is for sys_timeout(), which nothing here starts).
 *
 *   init(localAddress, peerAddress)   lwip_init() and the netif once; later calls readdress the netif
 *   reset(socketsApi)                 every pcb gone, outbox empty, timers in phase; the user's way (below)
 *   listen(port) / connect(localPort, remotePort)
 *   write(bytes) / shutdown(rx, tx) / close() / abort()   on the user's connection (else the listener); err_t
 *   unlisten()                        tcp_close of the listener
 *   read(max)                         up to max bytes the peer sent, as tcp_recved opens the window again
 *   input(packet)                     an IPv4 packet from the peer
 *   tick()                            tcp_tmr()
 *   drain()                           the packets lwIP sent since the last drain
 *   status(localPort, remotePort)     { state, handle, listening, lost, received, finReceived, unread,
 *                                       localPort, remotePort, sendBuffer, timersNeeded };
 *                                     `lost` is the tcp_err reason since the last status()
 *   pcbs()                            every pcb lwIP keeps: { state, localPort, remotePort }, as netstat lists them
 *
 * The user is one of two. The path suites' (reset(0)) reads every byte as it
 * arrives and gives the listener up once it accepts (RFC 9293's LISTEN is
 * used up by its connection). A sockets program's (reset(1), the packetdrill
 * scripts) keeps what arrives until read() takes it, and tcp_recved opens
 * the window only then, as lwIP's sockets layer does (lwip_recv_tcp); its
 * listener stays open after accept. Either way one connection at a time: a
 * second one the listener would accept is aborted.
 *
 * The user's side is a handle, as a program using the raw API holds one:
 * the pcb of connect(), or the pcb that the listener's accept callback gives
 * (lwIP accepts when the handshake completes, tcp_process SYN_RCVD). The
 * followed connection's state is found in lwIP's own lists, as Linux's
 * request and time-wait sockets are found in /proc/net/tcp: the SYN-RCVD pcb
 * that tcp_listen_input creates, and the TIME-WAIT pcb in tcp_tw_pcbs.
 */
#include <node_api.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lwip/init.h"
#include "lwip/ip4.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/tcp.h"

/* One packet lwIP sent. */
struct packet {
  uint8_t *bytes;
  size_t length;
};

static struct netif sut_netif;
static int initialised;
static struct packet *outbox;
static size_t outbox_length, outbox_capacity;
/* When set, what lwIP sends is dropped (the RSTs of reset()'s aborts). */
static int discarding;

/* The listening pcb of PASSIVE_OPEN, until it accepts or is closed. */
static struct tcp_pcb *listener;
/* The user's connection; NULL before connect()/accept and after lwIP freed it. */
static struct tcp_pcb *handle;
/* The err_t with which lwIP reported the user's connection gone (tcp_err callback), 0 for none. */
static int lost;
/* Bytes of the peer's data delivered, and whether its FIN was. */
static uint32_t received;
static int fin_received;
/* reset(1): a sockets program's user, who reads with read() (see the file comment). */
static int sockets_api;
/* What arrived and read() has not taken yet (sockets_api only): at most lwIP's receive window, TCP_WND. */
static uint8_t *unread;
static size_t unread_length, unread_capacity;
/* tcp_tmr() calls since the process started: tcp_tmr runs tcp_slowtmr on every odd call. */
static unsigned long tmr_calls;
/* tcp_arg of the user's connection: tells its err callback from another pcb's. */
static int handle_tag;

static err_t netif_output(struct netif *netif, struct pbuf *p, const ip4_addr_t *ipaddr) {
  (void)netif;
  (void)ipaddr;
  if (discarding) return ERR_OK;
  if (outbox_length == outbox_capacity) {
    size_t capacity = outbox_capacity == 0 ? 16 : outbox_capacity * 2;
    struct packet *grown = realloc(outbox, capacity * sizeof *outbox);
    if (grown == NULL) return ERR_MEM;
    outbox = grown;
    outbox_capacity = capacity;
  }
  uint8_t *bytes = malloc(p->tot_len);
  if (bytes == NULL) return ERR_MEM;
  pbuf_copy_partial(p, bytes, p->tot_len, 0);
  outbox[outbox_length].bytes = bytes;
  outbox[outbox_length].length = p->tot_len;
  outbox_length++;
  return ERR_OK;
}

static err_t netif_setup(struct netif *netif) {
  netif->name[0] = 's';
  netif->name[1] = 'u';
  netif->mtu = 1500;
  netif->output = netif_output;
  return ERR_OK;
}

static void clear_outbox(void) {
  for (size_t i = 0; i < outbox_length; i++) free(outbox[i].bytes);
  outbox_length = 0;
}

/* The handle is still one of lwIP's pcbs: lwIP frees a TIME-WAIT pcb at 2MSL without calling tcp_err. */
static int pcb_listed(struct tcp_pcb *list, const struct tcp_pcb *pcb) {
  for (; list != NULL; list = list->next) {
    if (list == pcb) return 1;
  }
  return 0;
}

static int handle_alive(void) {
  if (handle == NULL) return 0;
  if (pcb_listed(tcp_active_pcbs, handle) || pcb_listed(tcp_tw_pcbs, handle) || pcb_listed(tcp_bound_pcbs, handle)) return 1;
  handle = NULL;
  return 0;
}

static void on_error(void *arg, err_t err) {
  if (arg != &handle_tag) return;
  handle = NULL;
  lost = err;
}

/* Keeps what arrived for read(); ERR_MEM leaves the pbuf with lwIP, which offers it again (refused_data). */
static err_t keep_unread(struct pbuf *p) {
  if (unread_length + p->tot_len > unread_capacity) {
    size_t capacity = unread_capacity == 0 ? 4096 : unread_capacity;
    while (capacity < unread_length + p->tot_len) capacity *= 2;
    uint8_t *grown = realloc(unread, capacity);
    if (grown == NULL) return ERR_MEM;
    unread = grown;
    unread_capacity = capacity;
  }
  pbuf_copy_partial(p, unread + unread_length, p->tot_len, 0);
  unread_length += p->tot_len;
  return ERR_OK;
}

/*
 * The path suites' user reads at once: whatever arrives is consumed, so the
 * receive window stays open. A sockets program's reads later (read()).
 */
static err_t on_receive(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err) {
  (void)arg;
  (void)err;
  if (p == NULL) {
    fin_received = 1;
    return ERR_OK;
  }
  if (sockets_api) {
    if (keep_unread(p) != ERR_OK) return ERR_MEM;
  } else {
    tcp_recved(pcb, p->tot_len);
  }
  received += p->tot_len;
  /*
   * No delayed ACK (tcp_receive sets TF_ACK_DELAY, tcp_fasttmr sends it up to
   * 250 ms later; RFC 9293 §3.8.6.3 allows it): acknowledged at once, as the
   * Linux run's quickack route does, since the model sends its ACK on the step.
   */
  tcp_ack_now(pcb);
  pbuf_free(p);
  return ERR_OK;
}

static void adopt(struct tcp_pcb *pcb) {
  handle = pcb;
  tcp_arg(pcb, &handle_tag);
  tcp_recv(pcb, on_receive);
  tcp_err(pcb, on_error);
  /* RFC 9293 §3.7.4 lets Nagle hold a small segment while data is unacknowledged; the model sends at once. */
  tcp_nagle_disable(pcb);
}

/*
 * The accepted connection becomes the user's, and the listener closes:
 * RFC 9293's LISTEN is used up by the connection it accepts (the Linux
 * adapter closes its server likewise).
 */
static err_t on_accept(void *arg, struct tcp_pcb *pcb, err_t err) {
  (void)arg;
  if (err != ERR_OK || pcb == NULL) return ERR_VAL;
  /* One connection at a time: a second one is aborted (tcp_process takes ERR_ABRT as "pcb freed"). */
  if (handle_alive()) {
    tcp_abort(pcb);
    return ERR_ABRT;
  }
  adopt(pcb);
  /* A sockets program's listener stays open for the next accept(); the path suites' LISTEN is used up. */
  if (listener != NULL && !sockets_api) {
    tcp_close(listener);
    listener = NULL;
  }
  return ERR_OK;
}

static err_t on_connected(void *arg, struct tcp_pcb *pcb, err_t err) {
  (void)arg;
  (void)pcb;
  (void)err;
  return ERR_OK;
}

/* ---- N-API glue ---- */

static napi_value number(napi_env env, double value) {
  napi_value result;
  napi_create_double(env, value, &result);
  return result;
}

static napi_value undefined_value(napi_env env) {
  napi_value result;
  napi_get_undefined(env, &result);
  return result;
}

static napi_value fail(napi_env env, const char *message) {
  napi_throw_error(env, NULL, message);
  return NULL;
}

/* Reads up to `count` uint32 arguments; returns how many there were. */
static size_t uint_args(napi_env env, napi_callback_info info, uint32_t *values, size_t count) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  size_t read = 0;
  for (; read < count && read < argc; read++) {
    if (napi_get_value_uint32(env, argv[read], &values[read]) != napi_ok) break;
  }
  return read;
}

static int buffer_arg(napi_env env, napi_callback_info info, void **data, size_t *length) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1) return 0;
  bool is_buffer = false;
  napi_is_buffer(env, argv[0], &is_buffer);
  if (is_buffer) return napi_get_buffer_info(env, argv[0], data, length) == napi_ok;
  bool is_typed = false;
  napi_is_typedarray(env, argv[0], &is_typed);
  if (!is_typed) return 0;
  napi_typedarray_type type;
  napi_value array_buffer;
  size_t offset;
  return napi_get_typedarray_info(env, argv[0], &type, length, data, &array_buffer, &offset) == napi_ok && type == napi_uint8_array;
}

static napi_value js_init(napi_env env, napi_callback_info info) {
  uint32_t addresses[2];
  if (uint_args(env, info, addresses, 2) != 2) return fail(env, "init(localAddress, peerAddress): two IPv4 addresses as 32-bit numbers");
  ip4_addr_t address, netmask, gateway;
  ip4_addr_set_u32(&address, lwip_htonl(addresses[0]));
  ip4_addr_set_u32(&netmask, lwip_htonl(0xffffff00u));
  ip4_addr_set_u32(&gateway, lwip_htonl(addresses[1]));
  /* The path suites and the packetdrill scripts use other addresses in one process: the netif follows. */
  if (initialised) {
    netif_set_addr(&sut_netif, &address, &netmask, &gateway);
    return undefined_value(env);
  }
  lwip_init();
  if (netif_add(&sut_netif, &address, &netmask, &gateway, NULL, netif_setup, ip4_input) == NULL) {
    return fail(env, "netif_add failed");
  }
  netif_set_default(&sut_netif);
  netif_set_link_up(&sut_netif);
  netif_set_up(&sut_netif);
  initialised = 1;
  return undefined_value(env);
}

/* Removes every pcb of one list; `step` frees the head (which takes it off the list). */
static void empty_list(struct tcp_pcb **list, void (*step)(struct tcp_pcb *)) {
  /* Bounded: every call frees the head; a pcb that stayed would be a bug in lwIP. */
  for (int guard = 0; *list != NULL && guard < 10000; guard++) step(*list);
}

static void abort_pcb(struct tcp_pcb *pcb) {
  tcp_arg(pcb, NULL);
  tcp_abort(pcb);
}

static void close_pcb(struct tcp_pcb *pcb) {
  if (tcp_close(pcb) != ERR_OK) tcp_abort(pcb);
}

static napi_value js_reset(napi_env env, napi_callback_info info) {
  uint32_t mode = 0;
  uint_args(env, info, &mode, 1);
  if (!initialised) return fail(env, "reset() before init()");
  sockets_api = mode != 0;
  unread_length = 0;
  discarding = 1;
  listener = NULL;
  handle = NULL;
  empty_list(&tcp_active_pcbs, abort_pcb);
  empty_list(&tcp_tw_pcbs, abort_pcb);
  empty_list(&tcp_bound_pcbs, abort_pcb);
  empty_list((struct tcp_pcb **)&tcp_listen_pcbs.pcbs, close_pcb);
  /*
   * tcp_slowtmr runs on odd calls of tcp_tmr: one more call (with no pcb, it
   * only counts) makes the next slow tick the second tick from now, so slow
   * ticks fall on whole 500 ms of the path's clock. tcp_ticks starts from the
   * same value on every path (not 0: tcp_output_segment and tcp_receive take
   * rttest == 0 for "no RTT measurement running").
   */
  if (tmr_calls % 2 == 0) {
    tcp_tmr();
    tmr_calls++;
  }
  tcp_ticks = 1000;
  discarding = 0;
  clear_outbox();
  lost = 0;
  received = 0;
  fin_received = 0;
  return undefined_value(env);
}

static napi_value err_value(napi_env env, err_t err) {
  return number(env, err);
}

static napi_value js_listen(napi_env env, napi_callback_info info) {
  uint32_t port;
  if (uint_args(env, info, &port, 1) != 1) return fail(env, "listen(port)");
  if (listener != NULL || handle_alive()) return err_value(env, ERR_ISCONN);
  struct tcp_pcb *pcb = tcp_new_ip_type(IPADDR_TYPE_V4);
  if (pcb == NULL) return err_value(env, ERR_MEM);
  err_t err = tcp_bind(pcb, IP4_ADDR_ANY, (u16_t)port);
  if (err != ERR_OK) {
    tcp_abort(pcb);
    return err_value(env, err);
  }
  struct tcp_pcb *listening = tcp_listen_with_backlog_and_err(pcb, 1, &err);
  if (listening == NULL) {
    tcp_abort(pcb);
    return err_value(env, err);
  }
  listener = listening;
  tcp_accept(listener, on_accept);
  return err_value(env, ERR_OK);
}

static napi_value js_connect(napi_env env, napi_callback_info info) {
  uint32_t values[3];
  if (uint_args(env, info, values, 3) != 3) return fail(env, "connect(localPort, peerAddress, peerPort)");
  /* A listening pcb cannot connect (tcp_connect: "can only connect from state CLOSED"). */
  if (listener != NULL || handle_alive()) return err_value(env, ERR_ISCONN);
  struct tcp_pcb *pcb = tcp_new_ip_type(IPADDR_TYPE_V4);
  if (pcb == NULL) return err_value(env, ERR_MEM);
  err_t err = tcp_bind(pcb, IP4_ADDR_ANY, (u16_t)values[0]);
  if (err != ERR_OK) {
    tcp_abort(pcb);
    return err_value(env, err);
  }
  ip_addr_t peer = IPADDR4_INIT(lwip_htonl(values[1]));
  adopt(pcb);
  err = tcp_connect(pcb, &peer, (u16_t)values[2], on_connected);
  if (err != ERR_OK) {
    handle = NULL;
    tcp_arg(pcb, NULL);
    tcp_abort(pcb);
  }
  return err_value(env, err);
}

/* ERR_CONN for "no connection": the user holds no handle (or only the listener). */
static int user_connection(void) {
  return handle_alive();
}

static napi_value js_write(napi_env env, napi_callback_info info) {
  void *data;
  size_t length;
  if (!buffer_arg(env, info, &data, &length) || length > 0xffff) return fail(env, "write(bytes): a Uint8Array of at most 65535 bytes");
  if (!user_connection()) return err_value(env, listener != NULL ? ERR_CONN : ERR_CLSD);
  err_t err = tcp_write(handle, data, (u16_t)length, TCP_WRITE_FLAG_COPY);
  if (err == ERR_OK) tcp_output(handle);
  return err_value(env, err);
}

/* tcp_shutdown(pcb, rx, tx); without arguments the half-close, (0, 1). */
static napi_value js_shutdown(napi_env env, napi_callback_info info) {
  uint32_t halves[2] = {0, 1};
  uint_args(env, info, halves, 2);
  if (!user_connection()) return err_value(env, ERR_CLSD);
  return err_value(env, tcp_shutdown(handle, halves[0] != 0, halves[1] != 0));
}

static napi_value js_unlisten(napi_env env, napi_callback_info info) {
  (void)info;
  if (listener == NULL) return err_value(env, ERR_CLSD);
  err_t err = tcp_close(listener);
  if (err == ERR_OK) listener = NULL;
  return err_value(env, err);
}

/* The user's connection, else the listener (the two are both open only for a sockets program's user). */
static napi_value js_close(napi_env env, napi_callback_info info) {
  if (!user_connection() && listener != NULL) return js_unlisten(env, info);
  if (!user_connection()) return err_value(env, ERR_CLSD);
  struct tcp_pcb *pcb = handle;
  err_t err = tcp_close(pcb);
  /* After tcp_close the pcb is lwIP's, not the user's (it frees it when it likes). */
  if (err == ERR_OK) handle = NULL;
  return err_value(env, err);
}

static napi_value js_abort(napi_env env, napi_callback_info info) {
  (void)info;
  if (!user_connection() && listener != NULL) {
    tcp_close(listener);
    listener = NULL;
    return err_value(env, ERR_OK);
  }
  if (!user_connection()) return err_value(env, ERR_CLSD);
  struct tcp_pcb *pcb = handle;
  handle = NULL;
  tcp_arg(pcb, NULL);
  tcp_abort(pcb);
  return err_value(env, ERR_OK);
}

static napi_value js_input(napi_env env, napi_callback_info info) {
  void *data;
  size_t length;
  if (!buffer_arg(env, info, &data, &length) || length == 0 || length > 0xffff) return fail(env, "input(packet): a Uint8Array with one IPv4 packet");
  if (!initialised) return fail(env, "input() before init()");
  /*
   * PBUF_RAM, one block of exactly `length` bytes, not PBUF_POOL: Debian's
   * liblwip 2.1.3 sizes a pool pbuf as 616 bytes in memp.c (a 592-byte
   * payload, TCP_MSS 536's) while pbuf_alloc fills it as if it held 1,536
   * (TCP_MSS 1460's, as lwipopts.h says), so every packet over 592 bytes was
   * written past its block: the heap corruption test/lwip/memory.lwip.ts
   * catches under valgrind. lwIP's TCP never allocates from the pool itself.
   */
  struct pbuf *p = pbuf_alloc(PBUF_RAW, (u16_t)length, PBUF_RAM);
  if (p == NULL) return fail(env, "pbuf_alloc failed");
  pbuf_take(p, data, (u16_t)length);
  /* ip4_input takes the pbuf in every case (it frees what it drops). */
  return err_value(env, sut_netif.input(p, &sut_netif));
}

/* Up to `max` bytes of what arrived; tcp_recved then opens the window by as much (lwip_recv_tcp's way). */
static napi_value js_read(napi_env env, napi_callback_info info) {
  uint32_t max;
  if (uint_args(env, info, &max, 1) != 1) return fail(env, "read(max)");
  size_t count = unread_length < max ? unread_length : max;
  napi_value buffer;
  napi_create_buffer_copy(env, count, unread, NULL, &buffer);
  memmove(unread, unread + count, unread_length - count);
  unread_length -= count;
  if (count > 0 && handle_alive()) tcp_recved(handle, (u16_t)count);
  return buffer;
}

static napi_value js_tick(napi_env env, napi_callback_info info) {
  (void)info;
  if (!initialised) return fail(env, "tick() before init()");
  tcp_tmr();
  tmr_calls++;
  return undefined_value(env);
}

static napi_value js_drain(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value array;
  napi_create_array_with_length(env, outbox_length, &array);
  for (size_t i = 0; i < outbox_length; i++) {
    napi_value buffer;
    napi_create_buffer_copy(env, outbox[i].length, outbox[i].bytes, NULL, &buffer);
    napi_set_element(env, array, (uint32_t)i, buffer);
  }
  clear_outbox();
  return array;
}

/* The followed connection: an active or TIME-WAIT pcb of this port pair, else the listener's LISTEN. */
static int followed_state(uint16_t local_port, uint16_t remote_port) {
  struct tcp_pcb *lists[2] = {tcp_active_pcbs, tcp_tw_pcbs};
  for (int i = 0; i < 2; i++) {
    for (struct tcp_pcb *pcb = lists[i]; pcb != NULL; pcb = pcb->next) {
      if (pcb->local_port == local_port && pcb->remote_port == remote_port) return pcb->state;
    }
  }
  if (listener != NULL) return LISTEN;
  return CLOSED;
}

static void set_number(napi_env env, napi_value object, const char *name, double value) {
  napi_set_named_property(env, object, name, number(env, value));
}

static napi_value js_status(napi_env env, napi_callback_info info) {
  uint32_t ports[2];
  if (uint_args(env, info, ports, 2) != 2) return fail(env, "status(localPort, remotePort)");
  napi_value object;
  napi_create_object(env, &object);
  /* lwIP's enum tcp_state lists the 11 states in RFC 793's order, CLOSED = 0 … TIME_WAIT = 10. */
  set_number(env, object, "state", followed_state((uint16_t)ports[0], (uint16_t)ports[1]));
  set_number(env, object, "handle", handle_alive() ? (int)handle->state : -1);
  set_number(env, object, "listening", listener != NULL);
  set_number(env, object, "lost", lost);
  lost = 0;
  set_number(env, object, "received", received);
  set_number(env, object, "finReceived", fin_received);
  set_number(env, object, "unread", (double)unread_length);
  int alive = handle_alive();
  set_number(env, object, "localPort", alive ? handle->local_port : 0);
  set_number(env, object, "remotePort", alive ? handle->remote_port : 0);
  set_number(env, object, "sendBuffer", alive ? tcp_sndbuf(handle) : 0);
  /* What lwIP's own tcp_timer_needed() asks before it keeps tcp_tmr running. */
  set_number(env, object, "timersNeeded", tcp_active_pcbs != NULL || tcp_tw_pcbs != NULL);
  return object;
}

static napi_value pcb_entry(napi_env env, int state, uint16_t local_port, uint16_t remote_port) {
  napi_value entry;
  napi_create_object(env, &entry);
  set_number(env, entry, "state", state);
  set_number(env, entry, "localPort", local_port);
  set_number(env, entry, "remotePort", remote_port);
  return entry;
}

/* Every pcb: the listeners, then the active and TIME-WAIT lists, as netstat would list lwIP's sockets. */
static napi_value js_pcbs(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value array;
  napi_create_array(env, &array);
  uint32_t count = 0;
  for (struct tcp_pcb_listen *pcb = tcp_listen_pcbs.listen_pcbs; pcb != NULL; pcb = pcb->next) {
    napi_set_element(env, array, count++, pcb_entry(env, LISTEN, pcb->local_port, 0));
  }
  struct tcp_pcb *lists[2] = {tcp_active_pcbs, tcp_tw_pcbs};
  for (int i = 0; i < 2; i++) {
    for (struct tcp_pcb *pcb = lists[i]; pcb != NULL; pcb = pcb->next) {
      napi_set_element(env, array, count++, pcb_entry(env, pcb->state, pcb->local_port, pcb->remote_port));
    }
  }
  return array;
}

#define EXPORT(name, fn)                                          \
  do {                                                            \
    napi_value f;                                                 \
    napi_create_function(env, name, NAPI_AUTO_LENGTH, fn, NULL, &f); \
    napi_set_named_property(env, exports, name, f);               \
  } while (0)

static napi_value module_init(napi_env env, napi_value exports) {
  EXPORT("init", js_init);
  EXPORT("reset", js_reset);
  EXPORT("listen", js_listen);
  EXPORT("connect", js_connect);
  EXPORT("write", js_write);
  EXPORT("shutdown", js_shutdown);
  EXPORT("close", js_close);
  EXPORT("abort", js_abort);
  EXPORT("unlisten", js_unlisten);
  EXPORT("read", js_read);
  EXPORT("pcbs", js_pcbs);
  EXPORT("input", js_input);
  EXPORT("tick", js_tick);
  EXPORT("drain", js_drain);
  EXPORT("status", js_status);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, module_init)
