declare module 'omelette' {
  interface Omelette {
    tree(tree: object): Omelette;
    init(): void;
  }
  function omelette(template: string): Omelette;
  export default omelette;
}
