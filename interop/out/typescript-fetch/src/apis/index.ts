/* tslint:disable */
/* eslint-disable */
export * from './AuthApi';
export * from './CmsApi';
export * from './DataprocessApi';
export * from './IsalesApi';
