export declare const projectRoot: string;
export declare function electronPackageDir(root?: string): string;
export declare function electronBinary(options?: {
  root?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}): { path: string; exists: boolean; packageDir: string };
