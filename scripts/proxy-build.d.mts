import type { BuildOptions } from 'esbuild';

export declare const proxyBuildOptions: BuildOptions & { entryPoints: string[]; outfile: string };
