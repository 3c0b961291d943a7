/* What native/socket.c (a packetdrill script's socket calls) shares with native/tun.c, the addon's entry. */
#ifndef TCP_STATECHART_SOCKET_H
#define TCP_STATECHART_SOCKET_H

#include <node_api.h>

/* Throws an Error whose `code` is the errno's name and whose message is "call: strerror"; returns NULL. */
napi_value throw_errno(napi_env env, const char *call, int error);

/* Adds socket.c's calls (socketOpen, setIntOption, getFlags, …) to the addon's exports. */
void register_socket_calls(napi_env env, napi_value exports);

#endif
