import socket

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
# ruleid: python-socket-bind-all-interfaces
server.bind(("0.0.0.0", 8080))
# ruleid: python-socket-bind-all-interfaces
server.bind(("", 9090))
# ok: python-socket-bind-all-interfaces
server.bind(("127.0.0.1", 8080))
