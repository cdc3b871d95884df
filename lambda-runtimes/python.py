# The local Python Lambda runtime: one execution environment. It imports the handler once (the init phase), then
# runs one invocation at a time, as Lambda does: requests arrive as JSON lines on stdin, answers leave as JSON lines
# on fd 3 (stdout and stderr are the function's log). Not for direct use: fanout starts it.
import importlib
import json
import os
import sys
import time
import traceback

answers = os.fdopen(3, "w", buffering=1)


def answer(message):
    answers.write(json.dumps(message) + "\n")
    answers.flush()


def error_payload(error, request_id=None, error_type=None):
    frames = traceback.format_list(traceback.extract_tb(error.__traceback__)[1:])
    payload = {
        "errorMessage": str(error),
        "errorType": error_type or type(error).__name__,
        "stackTrace": [frame for frame in frames],
    }
    if request_id is not None:
        payload["requestId"] = request_id
    return payload


class Context:
    def __init__(self, request):
        c = request["context"]
        self.function_name = c["functionName"]
        self.function_version = c["functionVersion"]
        self.invoked_function_arn = c["invokedFunctionArn"]
        self.memory_limit_in_mb = int(c["memoryLimitInMB"])
        self.aws_request_id = c["awsRequestId"]
        self.log_group_name = c["logGroupName"]
        self.log_stream_name = c["logStreamName"]
        self.client_context = c.get("clientContext")
        self.identity = None
        self._deadline = request["deadline"]

    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline - time.time() * 1000))


def load_handler():
    sys.path.insert(0, os.environ["LAMBDA_TASK_ROOT"])
    spec = os.environ.get("_HANDLER", "")
    module_name, _, function_name = spec.rpartition(".")
    if not module_name:
        raise ValueError("Bad handler '%s': not enough values to unpack" % spec)
    try:
        module = importlib.import_module(module_name.replace("/", "."))
    except ImportError as error:
        error.lambda_error_type = "Runtime.ImportModuleError"
        raise
    handler = getattr(module, function_name, None)
    if handler is None:
        error = AttributeError("Handler '%s' missing on module '%s'" % (function_name, module_name))
        error.lambda_error_type = "Runtime.HandlerNotFound"
        raise error
    return handler


def main():
    handler = None
    try:
        handler = load_handler()
        answer({"ready": True})
    except Exception as error:  # noqa: BLE001 - every init failure is the function's error
        answer({"initError": error_payload(error, None, getattr(error, "lambda_error_type", None))})
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        if handler is None:
            continue
        request_id = request["context"]["awsRequestId"]
        try:
            result = handler(request["event"], Context(request))
            try:
                text = json.dumps({"id": request["id"], "ok": True, "payload": result})
            except (TypeError, ValueError) as error:
                text = json.dumps({"id": request["id"], "ok": False, "error": error_payload(error, request_id, "Runtime.MarshalError")})
        except Exception as error:  # noqa: BLE001 - an unhandled exception is the invocation's error
            traceback.print_exc()
            text = json.dumps({"id": request["id"], "ok": False, "error": error_payload(error, request_id)})
        sys.stdout.flush()
        sys.stderr.flush()
        answers.write(text + "\n")
        answers.flush()


main()
