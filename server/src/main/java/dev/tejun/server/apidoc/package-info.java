/**
 * The REST API's OpenAPI 3.1 document, generated from the route table as the server registered it (paths, methods,
 * path parameters, the role each route needs), so it cannot drift from the routes; served at {@code
 * /api/openapi.json} and rendered by Swagger UI at {@code /api/docs}.
 */
package dev.tejun.server.apidoc;
