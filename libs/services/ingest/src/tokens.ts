export const DATASET_STORE = Symbol('DATASET_STORE');
export const JOB_STORE = Symbol('JOB_STORE');
