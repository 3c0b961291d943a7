{
  "variables": {
    "lwip_installed%": "<!(node -p \"require('fs').existsSync('/usr/include/lwip/lwip/tcp.h') ? 1 : 0\")"
  },
  "targets": [
    {
      "target_name": "tun",
      "sources": ["tun.c", "socket.c"],
      "cflags": ["-Wall", "-Wextra", "-O2"]
    }
  ],
  "conditions": [
    ["lwip_installed==1", {
      "targets": [
        {
          "target_name": "lwip",
          "sources": ["lwip.c"],
          "include_dirs": ["/usr/include/lwip"],
          "libraries": ["-llwip"],
          "cflags": ["-Wall", "-Wextra", "-O2"]
        }
      ]
    }]
  ]
}
