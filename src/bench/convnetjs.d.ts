// ConvNetJS ships no types; the bench uses four of its names (convnetjs-rate.ts).
declare module 'convnetjs';
