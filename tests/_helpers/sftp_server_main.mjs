/**
 * A real SFTP server for tests, read-only: the ssh2 package's server (the
 * copy n8n installs, so it runs under Node beside n8n) on a loopback port,
 * one user signing in with a password, its `/` a folder. Run by
 * sftp_server.ts as `node sftp_server_main.mjs N8N_NODE_MODULES ROOT USER
 * PASSWORD`; it prints `{"port":…}` once listening, then a `{"read":path}`
 * line for each file opened.
 */
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

const [modules, root, username, password] = process.argv.slice(2);
const { Server, utils } = createRequire(`${modules}/`)("ssh2");
const { STATUS_CODE } = utils.sftp;
const hostKey = utils.generateKeyPairSync("ed25519").private;

/** `p` under root, never above it. */
const local = (p) => path.join(root, path.posix.normalize(`/${p}`));

/** A file's SFTP attributes. */
function attrsOf(stat) {
  return {
    mode: stat.mode,
    uid: 0,
    gid: 0,
    size: stat.size,
    atime: Math.floor(stat.atimeMs / 1000),
    mtime: Math.floor(stat.mtimeMs / 1000),
  };
}

function serve(sftp) {
  const open = new Map();
  let next = 0;
  const fdOf = (handle) => open.get(handle.readUInt32BE(0));
  sftp.on("REALPATH", (id, p) => {
    const name = path.posix.normalize(`/${p}`);
    sftp.name(id, [{ filename: name, longname: name, attrs: {} }]);
  });
  const stat = (id, p) => {
    try {
      sftp.attrs(id, attrsOf(fs.statSync(local(p))));
    } catch {
      sftp.status(id, STATUS_CODE.NO_SUCH_FILE);
    }
  };
  sftp.on("STAT", stat);
  sftp.on("LSTAT", stat);
  sftp.on("OPEN", (id, p) => {
    let fd;
    try {
      fd = fs.openSync(local(p), "r");
    } catch {
      return sftp.status(id, STATUS_CODE.NO_SUCH_FILE);
    }
    const handle = Buffer.alloc(4);
    handle.writeUInt32BE(++next, 0);
    open.set(next, fd);
    console.log(JSON.stringify({ read: path.posix.normalize(`/${p}`) }));
    sftp.handle(id, handle);
  });
  sftp.on("FSTAT", (id, handle) => {
    const fd = fdOf(handle);
    if (fd === undefined) return sftp.status(id, STATUS_CODE.FAILURE);
    sftp.attrs(id, attrsOf(fs.fstatSync(fd)));
  });
  sftp.on("READ", (id, handle, offset, length) => {
    const fd = fdOf(handle);
    if (fd === undefined) return sftp.status(id, STATUS_CODE.FAILURE);
    const buffer = Buffer.alloc(length);
    const n = fs.readSync(fd, buffer, 0, length, offset);
    if (n === 0) return sftp.status(id, STATUS_CODE.EOF);
    sftp.data(id, buffer.subarray(0, n));
  });
  sftp.on("CLOSE", (id, handle) => {
    const k = handle.readUInt32BE(0);
    if (open.has(k)) fs.closeSync(open.get(k));
    open.delete(k);
    sftp.status(id, STATUS_CODE.OK);
  });
}

const server = new Server({ hostKeys: [hostKey] }, (client) => {
  client.on("authentication", (ctx) => {
    if (
      ctx.method === "password" && ctx.username === username &&
      ctx.password === password
    ) {
      return ctx.accept();
    }
    ctx.reject(["password"]);
  });
  client.on("ready", () => {
    client.on("session", (accept) => {
      accept().on("sftp", (accept) => serve(accept()));
    });
  });
  client.on("error", () => {});
});
server.listen(0, "127.0.0.1", () => {
  console.log(JSON.stringify({ port: server.address().port }));
});
