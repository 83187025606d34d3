/* Faulty (rule crashed): a lesson 01 server that writes what it received through a null
 * pointer, so the kernel ends it with SIGSEGV. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 9000;
    int sk = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(sk, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(sk, 5) < 0) {
        perror("bind");
        return 1;
    }
    int conn = accept(sk, NULL, NULL);
    char buffer[1024];
    ssize_t n = recv(conn, buffer, sizeof buffer, 0);
    char *copy = NULL; /* the fault: never allocated */
    memcpy(copy, buffer, (size_t)n);
    return 0;
}
