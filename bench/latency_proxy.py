#!/usr/bin/env python3
"""A relay on 127.0.0.1 that holds every HTTP request for DELAY_MS before passing it to
UPSTREAM_PORT (moto), so a local emulator answers with the round-trip time of a real AWS
endpoint. Used by bench/plan_bench to show what concurrency buys when the service is a
network away; moto alone answers in about 2 ms, one request at a time.

    python3 bench/latency_proxy.py UPSTREAM_PORT DELAY_MS

Prints the port it listens on (127.0.0.1 only), then relays until killed. HTTP/1.1
without pipelining sends a request, then waits for its response, so the first bytes a
client sends after a response (or on a new connection) start a request: those are held.
"""

import asyncio
import sys


async def relay_requests(reader, writer, delay, state):
    while data := await reader.read(65536):
        if not state["in_request"]:
            state["in_request"] = True
            await asyncio.sleep(delay)
        writer.write(data)
        await writer.drain()
    writer.close()


async def relay_responses(reader, writer, state):
    while data := await reader.read(65536):
        state["in_request"] = False
        writer.write(data)
        await writer.drain()
    writer.close()


async def handle(client_reader, client_writer, upstream_port, delay):
    upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", upstream_port)
    state = {"in_request": False}
    await asyncio.gather(
        relay_requests(client_reader, upstream_writer, delay, state),
        relay_responses(upstream_reader, client_writer, state),
        return_exceptions=True,
    )


async def main():
    upstream_port, delay = int(sys.argv[1]), float(sys.argv[2]) / 1000
    server = await asyncio.start_server(
        lambda reader, writer: handle(reader, writer, upstream_port, delay), "127.0.0.1", 0
    )
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
