/**
 * What sits between the network and the route table: HTTPS in Jetty ({@link dev.tejun.server.edge.Tls}), the
 * forwarded headers of trusted reverse proxies ({@link dev.tejun.server.edge.Forwarding}), the origins a request may
 * come from ({@link dev.tejun.server.edge.Origins}), and the HTTPS redirect and HSTS header ({@link
 * dev.tejun.server.edge.Transport}). Everything after it sees the client's address, scheme and host.
 */
package dev.tejun.server.edge;
