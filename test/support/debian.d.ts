export declare function ensureDebianPackage(binary: string, pkg: string): void;
