export * from './rest-call';
export * from './upload-form';
export * from './imgpro-mcp-server';
