#!/usr/bin/python3
"""A TCP proxy that can be cut, to simulate an outage of PostgreSQL or Redis without touching the real one.

  tcpproxy.py --target 127.0.0.1:5432 --port-file FILE --log FILE [--mode refuse|blackhole]

Listens on 127.0.0.1 (a free port, written to --port-file) and forwards to --target.
  SIGUSR1  cut:     every open connection is reset; new ones are refused (mode refuse: the listener closes, so a
                    connect gets ECONNREFUSED at once) or accepted and never answered (mode blackhole: like a
                    dead host or a partition, the client's timeouts decide)
  SIGUSR2  restore: new connections are forwarded again
  SIGTERM  exit
Each change is logged as "t,event" (t = seconds since the epoch).
"""
import argparse
import asyncio
import signal
import socket
import time


class Proxy:
    def __init__(self, a):
        self.a = a
        host, port = a.target.rsplit(":", 1)
        self.target = (host, int(port))
        self.conns = set()
        self.server = None
        self.cut = False
        self.port = 0
        self.log = open(a.log, "a", buffering=1)

    def event(self, what):
        self.log.write(f"{time.time():.3f},{what}\n")

    async def pipe(self, reader, writer):
        try:
            while True:
                data = await reader.read(65536)
                if not data:
                    break
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError, OSError):
            pass
        finally:
            try:
                writer.close()
            except OSError:
                pass

    async def handle(self, creader, cwriter):
        if self.cut:   # blackhole: hold the connection, never answer
            self.conns.add((cwriter, None))
            return
        try:
            ureader, uwriter = await asyncio.open_connection(*self.target)
        except OSError:
            cwriter.close()
            return
        pair = (cwriter, uwriter)
        self.conns.add(pair)
        try:
            await asyncio.gather(self.pipe(creader, uwriter), self.pipe(ureader, cwriter))
        finally:
            self.conns.discard(pair)

    def reset_all(self):
        for cw, uw in list(self.conns):
            for w in (cw, uw):
                if w is None:
                    continue
                try:
                    sock = w.get_extra_info("socket")
                    if sock is not None:   # RST, not FIN: like a crashed server or a dropped route
                        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                    w.transport.abort()
                except OSError:
                    pass
        self.conns.clear()

    async def listen(self):
        self.server = await asyncio.start_server(self.handle, "127.0.0.1", self.port, reuse_address=True)
        self.port = self.server.sockets[0].getsockname()[1]

    async def do_cut(self):
        if self.cut:
            return
        self.cut = True
        if self.a.mode == "refuse":
            self.server.close()
        self.reset_all()
        self.event("cut")

    async def do_restore(self):
        if not self.cut:
            return
        self.reset_all()   # blackholed connections
        if self.a.mode == "refuse":
            await self.server.wait_closed()
            for _ in range(50):
                try:
                    await self.listen()
                    break
                except OSError:
                    await asyncio.sleep(0.1)
        self.cut = False
        self.event("restored")

    async def run(self):
        await self.listen()
        with open(self.a.port_file, "w") as f:
            f.write(str(self.port))
        self.event(f"listening {self.port} -> {self.a.target} mode={self.a.mode}")
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGUSR1, lambda: asyncio.ensure_future(self.do_cut()))
        loop.add_signal_handler(signal.SIGUSR2, lambda: asyncio.ensure_future(self.do_restore()))
        loop.add_signal_handler(signal.SIGTERM, stop.set)
        loop.add_signal_handler(signal.SIGINT, stop.set)
        await stop.wait()
        self.reset_all()
        self.event("exit")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--target", required=True)
    p.add_argument("--port-file", required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--mode", choices=["refuse", "blackhole"], default="refuse")
    asyncio.run(Proxy(p.parse_args()).run())


if __name__ == "__main__":
    main()
