export * from './rest-call';
export * from './imgpro-mcp-server';
