// The provider mock servers, one module per wire format. See server.ts for faults and the request log.
export { startAnthropicMock, anthropicFormat } from './anthropic.ts';
export { startGoogleMock, googleFormat } from './google.ts';
export { startOpenAIMock, openaiFormat, type OpenAIMockOptions } from './openai.ts';
export * from './fixtures.ts';
export { arrivalBarrier, overlapped, startMock, type Fault, type FaultRule, type LoggedRequest, type MockOptions, type MockServer, type WireFormat } from './server.ts';
