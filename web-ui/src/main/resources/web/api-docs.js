// /api/docs: Swagger UI (from its WebJar) over the API document the server generates from its route table.
/* global SwaggerUIBundle */
window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui' });
