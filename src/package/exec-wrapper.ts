// exec-wrapper, the archive's entry for Lambda's AWS_LAMBDA_EXEC_WRAPPER.
// Lambda's Node.js runtime bootstrap runs `exec -- "$AWS_LAMBDA_EXEC_WRAPPER"
// node <its arguments>` when the variable is set: the wrapper starts in
// node's place, and this one execs the Go binary instead, so no Node.js ever
// runs (the cold start is Go's alone). Without the variable nothing reads it.
// As index.js does (src/loader/deployment.ts), it runs Go only for a function
// whose handler (_HANDLER) is the archive's own index.js: in a deployment
// where JavaScript functions sit beside it, theirs start Node.js as usual.
// Pure: the packager writes it with the archive's binary name.

export const EXEC_WRAPPER_NAME = 'exec-wrapper';

/** Its first two lines; inspect recognises a wrapper of any go-handoff version by them. */
export const EXEC_WRAPPER_BANNER = '#!/bin/sh\n# go-handoff exec-wrapper:';

/** The POSIX sh script for an archive whose Go binary is `binary` (a plain file name, checkBinaryName). */
export function execWrapperScript(binary: string): string {
  return `${EXEC_WRAPPER_BANNER} set AWS_LAMBDA_EXEC_WRAPPER=/var/task/exec-wrapper
# and Lambda's Node.js runtime starts the Go binary directly, with no Node.js
# at all. The runtime passes the node command it would have run as "$@"; it
# runs only if the Go binary cannot (index.js then reports why).
# Written by go-handoff package; https://github.com/go-handoff/go-handoff

# Beside this script (the variable names it by its full path), else the task root.
case $0 in
  */*) dir=\${0%/*} ;;
  *) dir=\${LAMBDA_TASK_ROOT:-.} ;;
esac
# GO_HANDOFF_BINARY overrides, as it does for index.js: absolute, or relative to the archive.
binary=\${GO_HANDOFF_BINARY:-${shellQuote(binary)}}
case $binary in
  /*) ;;
  *) binary=$dir/$binary ;;
esac

# A handler other than this folder's index.js (app.handler beside
# go-handoff/index.handler) is a JavaScript function: Node.js runs it. Its
# module is the part before the first dot of the last segment, in the task
# root, as Lambda's runtime reads it.
if [ -n "\${_HANDLER:-}" ] && [ $# -gt 0 ]; then
  case $_HANDLER in
    */*) handler_dir=\${LAMBDA_TASK_ROOT:-.}/\${_HANDLER%/*} ;;
    *) handler_dir=\${LAMBDA_TASK_ROOT:-.} ;;
  esac
  handler_base=\${_HANDLER##*/}
  # -ef: the same file, however reached (a symlink, or a bind mount such as
  # /var/task over the folder LAMBDA_TASK_ROOT names).
  if [ "\${handler_base%%.*}" != index ] || ! [ "$handler_dir/index.js" -ef "$dir/index.js" ]; then
    exec "$@"
  fi
fi

if [ -f "$binary" ] && [ -x "$binary" ]; then
  echo "go-handoff: pid $$ becomes $binary (lambda, exec-wrapper, no Node.js)"
  GO_HANDOFF_HOST=lambda exec "$binary"
fi
echo "go-handoff exec-wrapper: $binary is missing or not executable; starting the Node.js runtime instead, whose index.js will report why" >&2
if [ $# -eq 0 ]; then
  echo "go-handoff exec-wrapper: no command to fall back on (Lambda's runtime passes node and its arguments)" >&2
  exit 127
fi
exec "$@"
`;
}

function shellQuote(text: string): string {
  return `'${text.split("'").join(`'\\''`)}'`;
}
