export * from './domain/actor.js';
