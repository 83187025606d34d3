/* Faulty (rule unflushed-prompt, in C): a lesson 02 client that prints its prompt with
 * printf(">>>") and no fflush(stdout): on a pipe, stdout is fully buffered. */
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
    if (connect(sk, (struct sockaddr *)&addr, sizeof addr) < 0) {
        perror("connect");
        return 1;
    }
    char line[1024], reply[1024];
    for (;;) {
        printf(">>>"); /* the fault: no fflush(stdout) */
        if (!fgets(line, sizeof line, stdin)) break;
        line[strcspn(line, "\n")] = 0;
        send(sk, line, strlen(line), 0);
        ssize_t n = recv(sk, reply, sizeof reply - 1, 0);
        if (n <= 0) break;
        reply[n] = 0;
        printf("%s\n", reply);
    }
    close(sk);
    return 0;
}
