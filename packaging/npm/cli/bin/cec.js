#!/usr/bin/env node
// The `cec` command of @huawei-cec/cli: runs the cec binary of the platform package
// installed beside it (@huawei-cec/cli-linux-x64-gnu, ...), passing the arguments, the
// standard streams, the signals it receives and the exit status through.
"use strict";

const { spawn } = require("node:child_process");

function platformKey() {
  const { platform, arch } = process;
  if (platform === "linux") {
    const report = typeof process.report?.getReport === "function" ? process.report.getReport() : undefined;
    return `linux-${arch}-${report?.header?.glibcVersionRuntime ? "gnu" : "musl"}`;
  }
  return `${platform}-${arch}`;
}

const key = platformKey();
const name = `@huawei-cec/cli-${key}`;
const exe = process.platform === "win32" ? "cec.exe" : "cec";
let binary;
try {
  binary = require.resolve(`${name}/bin/${exe}`);
} catch {
  process.stderr.write(
    `cec: the package ${name}, which carries the cec binary for this platform (${key}), is not installed.\n` +
      "Install its tarball beside @huawei-cec/cli (npm install --save-optional ./vendor/huawei-cec-cli-" +
      `${key}-VERSION.tgz). If your team has none for ${key}, build it on such a machine with ` +
      "`bash packaging/build.sh` in a clone of huawei-cec (it needs a Rust toolchain): see packaging/README.md.\n",
  );
  process.exit(1);
}

const child = spawn(binary, process.argv.slice(2), { stdio: "inherit" });
const forwarded = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"];
for (const signal of forwarded) {
  try {
    process.on(signal, () => {
      child.kill(signal);
    });
  } catch {
    // a signal this platform cannot listen for
  }
}
child.on("error", (error) => {
  process.stderr.write(`cec: cannot run ${binary}: ${error.message}\n`);
  process.exit(1);
});
child.on("exit", (code, signal) => {
  if (signal !== null) {
    for (const s of forwarded) process.removeAllListeners(s);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
