from xmlrpc.server import SimpleXMLRPCServer


class Inventory:
    def count(self):
        return 3


server = SimpleXMLRPCServer(("127.0.0.1", 8000))
# ruleid: python-xmlrpc-dotted-names
server.register_instance(Inventory(), allow_dotted_names=True)
# ok: python-xmlrpc-dotted-names
server.register_instance(Inventory(), allow_dotted_names=False)
# ok: python-xmlrpc-dotted-names
server.register_instance(Inventory())
