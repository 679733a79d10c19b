/** s3rver in its own process for benchmarks (its memory must not count as ours). */
import S3rver from "s3rver";

const directory = Deno.args[0];
const server = new S3rver({
  port: 0,
  address: "127.0.0.1",
  silent: true,
  directory,
  configureBuckets: [{ name: "bench", configs: [] }],
});
const addr = await server.run() as { port: number };
console.log(JSON.stringify({ port: addr.port }));
