export declare const PLAIN_CHROMIUM_ARGS: string[];
export declare const GPU_EMULATION_ARGS: string[];
export declare const CHROMIUM_ARGS: string[];
