#!/usr/bin/env python3
"""A deterministic OpenAI-compatible chat model for the real-gateway test (stdlib only).

    fake_model.py --port N [--log FILE] [--dump FILE]

Listens on 127.0.0.1:N (N=0: any free port; the chosen port is printed as "PORT=<n>").
  GET  /v1/models             one model, "echo-model"
  POST /v1/chat/completions   answers "echo: <the user's text>", streamed as SSE when the
                              request says "stream": true, else one JSON completion
Anything else is a 404.

OpenClaw does not send the user's text verbatim: it prefixes a "[Sun 2026-11-22 20:27 UTC] "
timestamp, appends a "\n\nRuntime: agent=main | session=..." paragraph, may add
"[Queued user message ...]" annotation lines, and sends its internal context as a separate,
later user message between <<<BEGIN_OPENCLAW_INTERNAL_CONTEXT>>> and
<<<END_OPENCLAW_INTERNAL_CONTEXT>>>. user_text() undoes all of that, so the reply is exactly
"echo: " + what the bridge's client typed.

Streaming: the reply goes out in CHUNK-character pieces, DELAY ms apart (env
OCW_FAKE_MODEL_CHUNK, default 6; OCW_FAKE_MODEL_DELAY_MS, default 30), so a reply of a few
dozen characters spans several gateway deltas. --log appends one JSON line per request (the
extracted text and the reply); --dump appends each full request body.
"""

import argparse
import json
import os
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODEL = "echo-model"
CHUNK = max(1, int(os.environ.get("OCW_FAKE_MODEL_CHUNK", "6")))
DELAY_S = int(os.environ.get("OCW_FAKE_MODEL_DELAY_MS", "30")) / 1000.0

INTERNAL_CONTEXT = re.compile(
    r"<<<BEGIN_OPENCLAW_INTERNAL_CONTEXT>>>.*?<<<END_OPENCLAW_INTERNAL_CONTEXT>>>", re.S
)
# "[Sun 2026-11-22 20:27 UTC] " (weekday optional, any zone/seconds suffix inside the brackets)
TIMESTAMP = re.compile(r"\A\[(?:[A-Z][a-z]{2} )?\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}[^\]\n]*\] ?")
QUEUED_NOTE = re.compile(r"^\[Queued user message[^\n]*\]\s*$", re.M)
RUNTIME_TAIL = re.compile(r"\n\nRuntime: [^\n]*(?:\n[^\n]*)*\Z")


def as_text(content):
    """Chat content is a string or a list of parts; keep the text parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(
            part.get("text", "") if isinstance(part, dict) else str(part)
            for part in content
            if isinstance(part, str) or (isinstance(part, dict) and "text" in part)
        )
    return ""


def unwrap(text):
    text = INTERNAL_CONTEXT.sub("", text)
    text = RUNTIME_TAIL.sub("", text.rstrip())
    text = QUEUED_NOTE.sub("", text)
    text = TIMESTAMP.sub("", text.strip(), count=1)
    return text.strip()


def user_text(messages):
    """The newest user message that still has text once OpenClaw's wrapping is removed."""
    for message in reversed(messages if isinstance(messages, list) else []):
        if isinstance(message, dict) and message.get("role") == "user":
            text = unwrap(as_text(message.get("content")))
            if text:
                return text
    return ""


class Model(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ocw-fake-model/1"
    counter = 0
    lock = threading.Lock()

    def log_message(self, *_args):
        pass

    def reply_json(self, status, value):
        body = json.dumps(value).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def route(self):
        return self.path.split("?", 1)[0].rstrip("/")

    def do_GET(self):
        if self.route() in ("/v1/models", "/models"):
            self.reply_json(200, {"object": "list", "data": [
                {"id": MODEL, "object": "model", "created": 0, "owned_by": "ocw-test"}]})
        else:
            self.reply_json(404, {"error": {"message": "no such route", "type": "not_found"}})

    def do_POST(self):
        size = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(size)
        if self.route() not in ("/v1/chat/completions", "/chat/completions"):
            self.reply_json(404, {"error": {"message": "no such route", "type": "not_found"}})
            return
        try:
            request = json.loads(raw or b"{}")
        except ValueError:
            self.reply_json(400, {"error": {"message": "body is not JSON", "type": "invalid_request"}})
            return
        with Model.lock:
            Model.counter += 1
            number = Model.counter
        text = user_text(request.get("messages"))
        answer = "echo: " + text
        self.server.record(raw, {"n": number, "stream": bool(request.get("stream")),
                                 "user_text": text, "reply": answer})
        completion_id = "chatcmpl-ocw-%d" % number
        created = int(time.time())
        model = request.get("model") or MODEL
        usage = {"prompt_tokens": 1, "completion_tokens": max(1, len(answer) // 4)}
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]

        if not request.get("stream"):
            self.reply_json(200, {
                "id": completion_id, "object": "chat.completion", "created": created, "model": model,
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": answer}}],
                "usage": usage})
            return

        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True

        def event(choices, **extra):
            chunk = {"id": completion_id, "object": "chat.completion.chunk", "created": created,
                     "model": model, "choices": choices}
            chunk.update(extra)
            self.wfile.write(b"data: " + json.dumps(chunk).encode() + b"\n\n")
            self.wfile.flush()

        try:
            event([{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}])
            for start in range(0, len(answer), CHUNK):
                time.sleep(DELAY_S)
                event([{"index": 0, "delta": {"content": answer[start:start + CHUNK]},
                        "finish_reason": None}])
            event([{"index": 0, "delta": {}, "finish_reason": "stop"}])
            if (request.get("stream_options") or {}).get("include_usage"):
                event([], usage=usage)
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the gateway gave up on this stream (abort, shutdown)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port, log_path, dump_path):
        super().__init__(("127.0.0.1", port), Model)
        self.log_path, self.dump_path = log_path, dump_path
        self.file_lock = threading.Lock()

    def record(self, raw, summary):
        with self.file_lock:
            if self.log_path:
                with open(self.log_path, "a", encoding="utf-8") as f:
                    f.write(json.dumps(dict(summary, ts=round(time.time(), 3))) + "\n")
            if self.dump_path:
                with open(self.dump_path, "ab") as f:
                    f.write(raw.replace(b"\n", b" ") + b"\n")


def main():
    parser = argparse.ArgumentParser(description="fake OpenAI-compatible echo model")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log")
    parser.add_argument("--dump")
    args = parser.parse_args()
    server = Server(args.port, args.log, args.dump)
    print("PORT=%d" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
