// Faulty (rule node-exception): a lesson 01 server that parses the client's message as
// JSON, so `hello!` throws a SyntaxError that nothing catches.
const net = require("net");

const port = Number(process.argv[2]);
const server = net.createServer((conn) => {
  conn.on("data", (data) => {
    const message = JSON.parse(data.toString("utf8")); // the fault
    console.log(message);
    conn.end("hi");
    server.close();
  });
});
server.listen(port, "127.0.0.1");
