/* Faulty (rule connection-left-open): a lesson 04 server in C that never closes a client's
   connection: after the chat it goes back to accept, the old socket still open. */
#include <arpa/inet.h>
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
    for (;;) {
        int conn = accept(sk, NULL, NULL);
        char buf[1024], line[1024];
        for (;;) {
            ssize_t n = recv(conn, buf, sizeof buf - 1, 0);
            if (n <= 0) break;
            buf[n] = 0;
            if (strcmp(buf, "q") == 0 || strcmp(buf, "Q") == 0) break;
            printf("%s\n>>>", buf);
            fflush(stdout);
            if (!fgets(line, sizeof line, stdin)) return 0;
            line[strcspn(line, "\n")] = 0;
            send(conn, line, strlen(line), 0);
            if (strcmp(line, "q") == 0 || strcmp(line, "Q") == 0) break;
        }
        /* The fault: no close(conn). */
    }
}
