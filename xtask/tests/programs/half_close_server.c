/* A correct lesson 03 server in C that ends politely: after Q it half-closes, then drains
 * until the client has closed. Usage: half_close_server PORT */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
    int sk = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in address = {0};
    address.sin_family = AF_INET;
    address.sin_port = htons(argc > 1 ? atoi(argv[1]) : 9000);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(sk, (struct sockaddr *)&address, sizeof address) != 0 || listen(sk, 5) != 0) {
        perror("server: binding");
        return 1;
    }
    int conn = accept(sk, NULL, NULL);
    char buffer[1025];
    char line[1024];
    for (;;) {
        ssize_t n = recv(conn, buffer, 1024, 0);
        if (n <= 0) {
            fprintf(stderr, "server: the client closed the connection\n");
            return 1;
        }
        buffer[n] = '\0';
        if (strcasecmp(buffer, "Q") == 0) break;
        printf("%s\n>>>", buffer);
        fflush(stdout);
        if (fgets(line, sizeof line, stdin) == NULL) strcpy(line, "Q");
        line[strcspn(line, "\n")] = '\0';
        send(conn, line, strlen(line), 0);
        if (strcasecmp(line, "Q") == 0) {
            shutdown(conn, SHUT_WR);
            while (recv(conn, buffer, 1024, 0) > 0) {}
            break;
        }
    }
    close(conn);
    close(sk);
    return 0;
}
