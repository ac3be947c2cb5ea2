/* tslint:disable */
/* eslint-disable */
export * from './CallRecord';
export * from './CallRecordVdn';
export * from './CallRecordsRequest';
export * from './CallRecordsResponse';
export * from './CallRecordsTotal';
export * from './CallResultDetail';
export * from './CallResultDetailResponse';
export * from './CallStatus';
export * from './CdrQueryParam';
export * from './CdrQueryRequest';
export * from './CdrQueryResponse';
export * from './CdrRecord';
export * from './CdrResultDesc';
export * from './ExternalResult';
export * from './ExternalResultResponse';
export * from './ResultMapping';
export * from './ResultMappingVdnId';
export * from './TokenExpiresIn';
export * from './TokenRequest';
export * from './TokenResponse';
export * from './UpdateResultRequest';
export * from './UpdateResultResponse';
